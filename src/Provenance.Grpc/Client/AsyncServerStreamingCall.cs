using Provenance.Grpc.Client.Internal;

namespace Provenance.Grpc.Client;

/// <summary>A server-streaming call: read responses until <see cref="IAsyncStreamReader{T}.MoveNext"/> returns
/// false (status OK) or throws <see cref="RpcException"/>.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncServerStreamingCall(IClientCallState call, IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        ResponseStream = responseStream;
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    internal int CompressedMessagesReceived => _call.CompressedMessagesReceived;

    public void Dispose() => _call.Dispose();
}
