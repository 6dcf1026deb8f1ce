using Google.Protobuf;
using Provenance.Contracts.V1;

namespace Provenance.Cli.Service;

/// <summary>Sign through the service: unary for files that fit a message, SignStream (chunks both ways) above that.</summary>
internal static class SignClient
{
    /// <param name="explicitLabel">The visible label to ask for, or null for none.</param>
    public static async Task<(SignResponse Response, byte[] Media)> SignAsync(ServiceConnection connection, byte[] media, GenerationInfo generation,
        ExplicitLabelOptions? explicitLabel, CancellationToken cancellationToken)
    {
        if (media.Length <= ServiceConnection.UnaryLimit)
        {
            var response = await connection.Client.SignAsync(new SignRequest { Media = ByteString.CopyFrom(media), Generation = generation, ExplicitLabel = explicitLabel },
                connection.Options(cancellationToken));
            return (response, response.Media.ToByteArray());
        }

        using var call = connection.Client.SignStream(connection.Options(cancellationToken, TimeSpan.FromMinutes(10)));
        // The upload runs beside the download: the service may answer before it has read everything (an error).
        var upload = Task.Run(() => ChunkedUpload.WriteAsync(call.RequestStream,
            new SignStreamRequest { Header = new SignRequest { Generation = generation, ExplicitLabel = explicitLabel } }, media, chunk => new SignStreamRequest { Chunk = chunk }),
            cancellationToken);

        SignResponse? header = null;
        using var signed = new MemoryStream();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var part = call.ResponseStream.Current;
            if (part.PartCase == SignStreamResponse.PartOneofCase.Header)
            {
                header = part.Header;
            }
            else
            {
                part.Chunk.WriteTo(signed);
            }
        }
        await upload;
        if (header is null)
        {
            throw new InvalidDataException("The service ended SignStream without a header.");
        }
        return (header, signed.ToArray());
    }
}
