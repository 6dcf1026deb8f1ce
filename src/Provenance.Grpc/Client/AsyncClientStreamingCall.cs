using System.Runtime.CompilerServices;
using Provenance.Grpc.Client.Internal;

namespace Provenance.Grpc.Client;

/// <summary>A client-streaming call: write requests, complete the stream, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncClientStreamingCall(IClientCallState call, IClientStreamWriter<TRequest> requestStream, Task<TResponse> response)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseAsync = response;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public void Dispose() => _call.Dispose();
}
