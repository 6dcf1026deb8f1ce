using Google.Protobuf;
using Grpc.Core;
using Provenance.Core;

namespace ProvenanceService.Rpc;

/// <summary>
/// The streaming RPCs' framing: one header message, then chunks of the file. Reading is bounded by the media
/// file-size limit, so a client cannot make the service buffer more than one accepted file; writing splits a
/// file into chunks well under any message limit.
/// </summary>
internal static class StreamedMedia
{
    public const int ResponseChunkSize = 1024 * 1024;

    /// <summary>
    /// Reads the header and the chunks that follow it, reserving each chunk in <paramref name="upload"/> before it
    /// is kept (the reservation must outlive the returned bytes: the caller disposes it when the call is done).
    /// </summary>
    /// <param name="split">Tells a message's header (or null when it is a chunk) and its chunk bytes.</param>
    public static async Task<(THeader Header, ByteString Media)> ReadAsync<TMessage, THeader>(
        IAsyncStreamReader<TMessage> requests, Func<TMessage, (THeader? Header, ByteString Chunk)> split, MediaLimits limits,
        UploadBudget.Reservation upload, CancellationToken cancellationToken)
        where THeader : class
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false) || split(requests.Current).Header is not { } header)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message of the stream must be the header."));
        }
        var media = new MemoryStream();
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var (extraHeader, chunk) = split(requests.Current);
            if (extraHeader is not null)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Only the first message of the stream may be a header."));
            }
            limits.CheckFileSize(media.Length + chunk.Length);
            upload.Add(chunk.Length);
            chunk.WriteTo(media);
        }
        // The buffer is handed on without a copy: nothing else holds the stream, and it is never written again.
        return (header, UnsafeByteOperations.UnsafeWrap(media.GetBuffer().AsMemory(0, (int)media.Length)));
    }

    public static IEnumerable<ByteString> Chunks(ByteString media)
    {
        for (var offset = 0; offset < media.Length; offset += ResponseChunkSize)
        {
            yield return ByteString.CopyFrom(media.Span.Slice(offset, Math.Min(ResponseChunkSize, media.Length - offset)));
        }
    }
}
