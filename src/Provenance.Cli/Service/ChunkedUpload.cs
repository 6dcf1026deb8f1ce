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
        await requests.WriteAsync(header).ConfigureAwait(false);
        for (var offset = 0; offset < media.Length; offset += ServiceConnection.ChunkSize)
        {
            var length = Math.Min(ServiceConnection.ChunkSize, media.Length - offset);
            await requests.WriteAsync(chunk(ByteString.CopyFrom(media, offset, length))).ConfigureAwait(false);
        }
        await requests.CompleteAsync().ConfigureAwait(false);
    }
}
