namespace Provenance.Grpc.Server;

// The handler signature of each method type. A handler ends its call by returning (status OK) or by throwing
// (RpcException for a chosen status; other exceptions go through the options' exception mappings).

/// <summary>One request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>
/// Told, for a unary method bound with it, that the call's request message could not be read (larger than the
/// receive limit, malformed, not decompressible, or the call ended while it arrived), with the status the caller
/// is about to get. The handler does not run for such a call; this is for services that must account for every
/// call, such as an audit log. Exceptions it throws are logged and do not change the caller's status.
/// </summary>
public delegate Task UnaryRequestRefusedHandler(ServerCallContext context, Status status);

/// <summary>A stream of requests in, one response out.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>One request in, a stream of responses out.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(
    TRequest request, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Both directions stream.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);
