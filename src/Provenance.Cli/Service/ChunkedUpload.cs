using Google.Protobuf;
using Grpc.Core;

namespace Provenance.Cli.Service;

/// <summary>
/// The request side of the streaming RPCs (SignStream, VerifyStream): one header message, then the file in
/// chunks of <see cref="ServiceConnection.ChunkSize"/>, then the end of the stream.
/// </summary>
internal static class ChunkedUpload
{
    public static async Task WriteAsync<TMessage>(IClientStreamWriter<TMessage> requests, TMessage header, byte[] media,
        Func<ByteString, TMessage> chunk)
    {
        using var stream = new MemoryStream(media, writable: false);
        await WriteAsync(requests, header, stream, chunk, null, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="media"/> from where it stands to its end, one chunk in memory at a time.</summary>
    /// <param name="sent">Told the fraction sent after each chunk, when the stream's length is known.</param>
    public static async Task WriteAsync<TMessage>(IClientStreamWriter<TMessage> requests, TMessage header, Stream media,
        Func<ByteString, TMessage> chunk, Action<double>? sent, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(header).ConfigureAwait(false);
        var buffer = new byte[ServiceConnection.ChunkSize];
        long total = 0;
        int read;
        while ((read = await media.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await requests.WriteAsync(chunk(ByteString.CopyFrom(buffer, 0, read))).ConfigureAwait(false);
            total += read;
            if (media.CanSeek && media.Length > 0)
            {
                sent?.Invoke((double)total / media.Length);
            }
        }
        await requests.CompleteAsync().ConfigureAwait(false);
    }
}
