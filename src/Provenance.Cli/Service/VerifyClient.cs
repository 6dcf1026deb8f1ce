using Google.Protobuf;
using Provenance.Contracts.V1;

namespace Provenance.Cli.Service;

/// <summary>Verify through the service: unary for files that fit a message, VerifyStream above that.</summary>
internal static class VerifyClient
{
    public static async Task<VerifyResponse> VerifyAsync(ServiceConnection connection, byte[] media, VerifyRequest header,
        CancellationToken cancellationToken)
    {
        if (media.Length <= ServiceConnection.UnaryLimit)
        {
            header.Media = ByteString.CopyFrom(media);
            return await connection.Client.VerifyAsync(header, connection.Options(cancellationToken));
        }
        using var call = connection.Client.VerifyStream(connection.Options(cancellationToken, TimeSpan.FromMinutes(10)));
        await ChunkedUpload.WriteAsync(call.RequestStream, new VerifyStreamRequest { Header = header }, media,
            chunk => new VerifyStreamRequest { Chunk = chunk });
        return await call.ResponseAsync;
    }

    /// <summary>Verifies the video at <paramref name="path"/> through VerifyStream, read a chunk at a time.</summary>
    public static async Task<VerifyResponse> VerifyFileAsync(ServiceConnection connection, string path, VerifyRequest header,
        Output.TerminalProgress progress, CancellationToken cancellationToken)
    {
        using var call = connection.Client.VerifyStream(connection.Options(cancellationToken, SignClient.VideoDeadline));
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await ChunkedUpload.WriteAsync(call.RequestStream, new VerifyStreamRequest { Header = header }, source,
            chunk => new VerifyStreamRequest { Chunk = chunk }, f => progress.Report("uploading", f), cancellationToken);
        progress.Report("verifying on the service");
        return await call.ResponseAsync;
    }
}
