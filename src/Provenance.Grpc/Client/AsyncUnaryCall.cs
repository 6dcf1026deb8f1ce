using System.Runtime.CompilerServices;
using Provenance.Grpc.Client.Internal;

namespace Provenance.Grpc.Client;

/// <summary>A unary call in flight. Await it for the response; a non-OK status throws <see cref="RpcException"/>.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncUnaryCall(IClientCallState call, Task<TResponse> response)
    {
        _call = call;
        ResponseAsync = response;
    }

    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The server's response headers (custom metadata only).</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> before the call ends.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailing metadata; throws <see cref="InvalidOperationException"/> before the call ends.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    internal int CompressedMessagesReceived => _call.CompressedMessagesReceived;

    /// <summary>Cancels the call if it is still running.</summary>
    public void Dispose() => _call.Dispose();
}
