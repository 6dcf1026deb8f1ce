using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// Applies <see cref="RequestFields"/> to every request message of provenance.v1.Provenance, unary and streamed,
/// before admission and before the handler: a malformed request costs no slot and reaches no log raw. Health and
/// reflection (library services with their own handling) pass untouched.
/// </summary>
internal sealed class RequestValidationInterceptor : Interceptor
{
    private static readonly string ContractPrefix = $"/{Contract.Descriptor.FullName}/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (IsContract(context) && request is IMessage message)
        {
            RequestFields.Check(message);
        }
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(IsContract(context) ? new CheckedReader<TRequest>(requestStream) : requestStream, context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (IsContract(context) && request is IMessage message)
        {
            RequestFields.Check(message);
        }
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(IsContract(context) ? new CheckedReader<TRequest>(requestStream) : requestStream, responseStream, context);

    private static bool IsContract(ServerCallContext context) => context.Method.StartsWith(ContractPrefix, StringComparison.Ordinal);

    /// <summary>A request stream whose every message is checked as it arrives.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            if (inner.Current is IMessage message)
            {
                RequestFields.Check(message);
            }
            return true;
        }
    }
}
