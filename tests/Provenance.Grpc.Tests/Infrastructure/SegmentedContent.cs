using System.Net;

namespace Provenance.Grpc.Tests.Infrastructure;

/// <summary>
/// A request body written in the given pieces, flushing after each so that each becomes its own HTTP/2 DATA
/// frame; optionally it then stays open until <see cref="Release"/> (to see what the server does before the
/// body ends).
/// </summary>
internal sealed class SegmentedContent(IReadOnlyList<byte[]> segments, bool holdOpen = false) : HttpContent
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var segment in segments)
        {
            await stream.WriteAsync(segment, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        if (holdOpen)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
