using System.Net;

namespace Provenance.Grpc.Client.Internal;

/// <summary>
/// A request body that stays open while the caller writes messages: HttpClient hands us the HTTP/2 stream in
/// <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>, and the body ends
/// (END_STREAM) when the call completes the request stream.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request stream, once HttpClient has started sending the body.</summary>
    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the body normally.</summary>
    public void Complete()
    {
        _stream.TrySetCanceled();
        _done.TrySetResult();
    }

    /// <summary>Ends the body abnormally, so that HttpClient resets the stream.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _done.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
