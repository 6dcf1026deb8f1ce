using Provenance.Grpc.Client.Internal;

namespace Provenance.Grpc.Client;

/// <summary>A bidirectional call: requests and responses stream independently.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncDuplexStreamingCall(IClientCallState call, IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseStream = responseStream;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
