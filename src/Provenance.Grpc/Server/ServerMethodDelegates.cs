namespace Provenance.Grpc.Server;

// The handler signature of each method type. A handler ends its call by returning (status OK) or by throwing
// (RpcException for a chosen status; other exceptions go through the options' exception mappings).

/// <summary>One request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>A stream of requests in, one response out.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>One request in, a stream of responses out.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(
    TRequest request, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Both directions stream.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);
