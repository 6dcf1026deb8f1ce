using Google.Protobuf;
using Grpc.Core;
using Provenance.Core;
using Provenance.Core.Formats;
using ProvenanceService.Application;

namespace ProvenanceService.Rpc;

/// <summary>
/// The streaming RPCs' framing: one header message, then chunks of the file. An upload that starts as an MP4/MOV
/// video is spooled to a temporary file as it arrives (<see cref="SpooledMedia"/>, bounded by
/// <see cref="MediaLimits.MaxVideoBytes"/>), so memory stays bounded whatever the clip's size; anything else is
/// assembled in memory, bounded by the media file-size limit. Writing splits a file into chunks well under any
/// message limit.
/// </summary>
internal static class StreamedMedia
{
    public const int ResponseChunkSize = 1024 * 1024;

    /// <summary>
    /// Reads the header and the chunks that follow it, reserving each chunk in <paramref name="upload"/> before it
    /// is kept (the reservation must outlive the returned bytes: the caller disposes it when the call is done).
    /// </summary>
    /// <param name="split">Tells a message's header (or null when it is a chunk) and its chunk bytes.</param>
    /// <returns>The header and either the media in memory (Spool null) or the spooled video (Media empty), which the caller disposes.</returns>
    public static async Task<(THeader Header, ByteString Media, SpooledMedia? Spool)> ReadAsync<TMessage, THeader>(
        IAsyncStreamReader<TMessage> requests, Func<TMessage, (THeader? Header, ByteString Chunk)> split, MediaLimits limits,
        UploadBudget.Reservation upload, CancellationToken cancellationToken)
        where THeader : class
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false) || split(requests.Current).Header is not { } header)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message of the stream must be the header."));
        }
        using var media = new MemoryStream();
        SpooledMedia? spool = null;
        try
        {
            var sniffed = false;
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var (extraHeader, chunk) = split(requests.Current);
                if (extraHeader is not null)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "Only the first message of the stream may be a header."));
                }
                if (spool is not null)
                {
                    await spool.AppendAsync(chunk.Memory, limits, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                limits.CheckFileSize(media.Length + chunk.Length);
                // Only bytes held in memory count against the upload budget; a spooled video is on disk.
                upload.Add(chunk.Length);
                chunk.WriteTo(media);
                // Decide once, as soon as the first bytes tell the format: a video goes to disk from there on.
                if (!sniffed && media.Length >= MediaSniffer.HeaderLength)
                {
                    sniffed = true;
                    spool = SpooledMedia.ForVideo(media.GetBuffer().AsSpan(0, (int)media.Length));
                    if (spool is not null)
                    {
                        await spool.AppendAsync(media.GetBuffer().AsMemory(0, (int)media.Length), limits, cancellationToken).ConfigureAwait(false);
                        media.SetLength(0);
                    }
                }
            }
            if (spool is not null)
            {
                await spool.CompleteAsync().ConfigureAwait(false);
                return (header, ByteString.Empty, spool);
            }
            return (header, ByteString.CopyFrom(media.GetBuffer(), 0, (int)media.Length), null);
        }
        catch
        {
            spool?.Dispose();
            throw;
        }
    }

    public static IEnumerable<ByteString> Chunks(ByteString media)
    {
        for (var offset = 0; offset < media.Length; offset += ResponseChunkSize)
        {
            yield return ByteString.CopyFrom(media.Span.Slice(offset, Math.Min(ResponseChunkSize, media.Length - offset)));
        }
    }

    /// <summary>The file at <paramref name="path"/> in chunks, read one at a time.</summary>
    public static async IAsyncEnumerable<ByteString> ChunksAsync(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[ResponseChunkSize];
        int read;
        while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
        {
            yield return ByteString.CopyFrom(buffer, 0, read);
        }
    }
}
