using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ProvenanceService.Rpc;

/// <summary>
/// Answers a compressed request in kind: a call whose request came gzip-compressed, from a client that accepts
/// gzip, gets gzip-compressed responses. Grpc.AspNetCore on its own compresses either every response (one
/// configured algorithm) or none; this interceptor is registered only when Grpc:ResponseCompression is unset.
/// The choice is made through the response-header key Grpc.AspNetCore reserves for it, which it consumes
/// rather than sends; it is written just before the first response message, so that a call failing earlier
/// still ends with a trailers-only response.
/// </summary>
internal sealed class ResponseCompressionInterceptor : Interceptor
{
    private const string EncodingChoiceKey = "grpc-internal-encoding-request";
    private const string Gzip = "gzip";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var response = await continuation(request, context).ConfigureAwait(false);
        await ChooseEncodingAsync(context).ConfigureAwait(false);
        return response;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var response = await continuation(requestStream, context).ConfigureAwait(false);
        await ChooseEncodingAsync(context).ConfigureAwait(false);
        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(request, InKind(responseStream, context), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(requestStream, InKind(responseStream, context), context);

    private static IServerStreamWriter<TResponse> InKind<TResponse>(IServerStreamWriter<TResponse> responses, ServerCallContext context) =>
        RequestedGzip(context) ? new EncodingChoosingWriter<TResponse>(responses, context) : responses;

    private static Task ChooseEncodingAsync(ServerCallContext context) =>
        RequestedGzip(context) ? context.WriteResponseHeadersAsync(new Metadata { { EncodingChoiceKey, Gzip } }) : Task.CompletedTask;

    private static bool RequestedGzip(ServerCallContext context)
    {
        var headers = context.GetHttpContext().Request.Headers;
        return string.Equals(headers["grpc-encoding"], Gzip, StringComparison.Ordinal)
            && headers["grpc-accept-encoding"].Any(value => value is not null
                && value.Split(',', StringSplitOptions.TrimEntries).Contains(Gzip, StringComparer.Ordinal));
    }

    /// <summary>Writes the encoding choice with the response headers, just before the first message.</summary>
    private sealed class EncodingChoosingWriter<TResponse>(IServerStreamWriter<TResponse> inner, ServerCallContext context)
        : IServerStreamWriter<TResponse>
    {
        private bool _chosen;

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public async Task WriteAsync(TResponse message)
        {
            if (!_chosen)
            {
                _chosen = true;
                await ChooseEncodingAsync(context).ConfigureAwait(false);
            }
            await inner.WriteAsync(message).ConfigureAwait(false);
        }
    }
}
