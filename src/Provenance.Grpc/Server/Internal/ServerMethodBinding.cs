using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provenance.Grpc.Server.Internal;

/// <summary>A method descriptor bound to its handler; turns an HTTP request into a call of that handler.</summary>
internal abstract class ServerMethodBinding
{
    public abstract IMethod Method { get; }

    public abstract Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime);
}

internal sealed class UnaryMethodBinding<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler,
    UnaryRequestRefusedHandler? requestRefused) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IMethod Method => method;

    public override Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime) =>
        ServerCall.RunAsync(httpContext, method, runtime, async call =>
        {
            TRequest request;
            try
            {
                request = await call.Reader.ReadSingleAsync(method.RequestParser, call.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception refusal) when (requestRefused is not null)
            {
                var (status, trailers) = runtime.ExceptionMapper.Map(refusal, call);
                await TellRefusedAsync(call, runtime, status).ConfigureAwait(false);
                // Mapped once: the call ends with this status, and an unexpected exception is not logged twice.
                throw refusal as RpcException ?? (trailers is null ? new RpcException(status) : new RpcException(status, trailers));
            }
            var response = await handler(request, call.Context).ConfigureAwait(false);
            await call.WriteMessageAsync(ResponseOrThrow(response, method), call.CancellationToken).ConfigureAwait(false);
        });

    private async Task TellRefusedAsync(ServerCall call, GrpcServerRuntime runtime, Status status)
    {
        try
        {
            await requestRefused!(call.Context, status).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            runtime.Logger.LogError(e, "gRPC {Method}: the request-refused callback failed", method.FullName);
        }
    }

    internal static TResponse ResponseOrThrow(TResponse? response, IMethod method) =>
        response ?? throw new InvalidOperationException($"The handler of {method.FullName} returned no response message.");
}

internal sealed class ClientStreamingMethodBinding<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ClientStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IMethod Method => method;

    public override Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime) =>
        ServerCall.RunAsync(httpContext, method, runtime, async call =>
        {
            var requests = new ServerRequestStream<TRequest>(call, method.RequestParser);
            var response = await handler(requests, call.Context).ConfigureAwait(false);
            var message = UnaryMethodBinding<TRequest, TResponse>.ResponseOrThrow(response, method);
            await call.WriteMessageAsync(message, call.CancellationToken).ConfigureAwait(false);
        });
}

internal sealed class ServerStreamingMethodBinding<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ServerStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IMethod Method => method;

    public override Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime) =>
        ServerCall.RunAsync(httpContext, method, runtime, async call =>
        {
            var request = await call.Reader.ReadSingleAsync(method.RequestParser, call.CancellationToken).ConfigureAwait(false);
            await handler(request, new ServerResponseStream<TResponse>(call), call.Context).ConfigureAwait(false);
        });
}

internal sealed class DuplexStreamingMethodBinding<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    DuplexStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IMethod Method => method;

    public override Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime) =>
        ServerCall.RunAsync(httpContext, method, runtime, call =>
            handler(
                new ServerRequestStream<TRequest>(call, method.RequestParser),
                new ServerResponseStream<TResponse>(call),
                call.Context));
}
