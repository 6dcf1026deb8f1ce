using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Provenance.Grpc.Server.Internal;

/// <summary>A method descriptor bound to its handler; turns an HTTP request into a call of that handler.</summary>
internal abstract class ServerMethodBinding
{
    public abstract IMethod Method { get; }

    public abstract Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime);
}

internal sealed class UnaryMethodBinding<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IMethod Method => method;

    public override Task HandleAsync(HttpContext httpContext, GrpcServerRuntime runtime) =>
        ServerCall.RunAsync(httpContext, method, runtime, async call =>
        {
            var request = await call.Reader.ReadSingleAsync(method.RequestParser, call.CancellationToken).ConfigureAwait(false);
            var response = await handler(request, call.Context).ConfigureAwait(false);
            await call.WriteMessageAsync(ResponseOrThrow(response, method), call.CancellationToken).ConfigureAwait(false);
        });

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
