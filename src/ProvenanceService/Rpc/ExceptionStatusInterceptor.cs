using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ProvenanceService.Rpc;

/// <summary>
/// Turns whatever a handler throws into the status <see cref="ExceptionStatuses"/> gives it, for all four call
/// kinds. Without it Grpc.AspNetCore would answer UNKNOWN for every exception that is not an
/// <see cref="RpcException"/>. Unmapped exceptions are logged here with their stack; the caller sees none of it.
/// </summary>
internal sealed class ExceptionStatusInterceptor(ILogger<ExceptionStatusInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        var status = ExceptionStatuses.For(exception, context);
        if (status.StatusCode == StatusCode.Internal && status.Detail == ExceptionStatuses.InternalDetail)
        {
            logger.LogError(exception, "gRPC {Method}: unhandled exception in handler", context.Method);
        }
        else
        {
            logger.LogInformation("gRPC {Method}: {ExceptionType} answered {StatusCode}", context.Method, exception.GetType().Name, status.StatusCode);
        }
        return new RpcException(status);
    }
}
