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
}
