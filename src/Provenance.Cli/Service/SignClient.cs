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

    /// <summary>How long a video's SignStream may take: the service re-encodes the whole clip (up to its MaxVideoSeconds).</summary>
    public static readonly TimeSpan VideoDeadline = TimeSpan.FromHours(2);

    /// <summary>
    /// Signs the video at <paramref name="input"/> through SignStream, reading and writing it a chunk at a time so the
    /// CLI's memory does not grow with the clip; the signed clip is written to <paramref name="output"/>.
    /// </summary>
    public static async Task<SignResponse> SignFileAsync(ServiceConnection connection, string input, string output, GenerationInfo generation,
        ExplicitLabelOptions? explicitLabel, Output.TerminalProgress progress, CancellationToken cancellationToken)
    {
        using var call = connection.Client.SignStream(connection.Options(cancellationToken, VideoDeadline));
        await using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await ChunkedUpload.WriteAsync(call.RequestStream,
            new SignStreamRequest { Header = new SignRequest { Generation = generation, ExplicitLabel = explicitLabel } }, source,
            chunk => new SignStreamRequest { Chunk = chunk }, f => progress.Report("uploading", f), cancellationToken);
        progress.Report("signing on the service");

        SignResponse? header = null;
        await using var target = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        long received = 0;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var part = call.ResponseStream.Current;
            if (part.PartCase == SignStreamResponse.PartOneofCase.Header)
            {
                header = part.Header;
                continue;
            }
            await target.WriteAsync(part.Chunk.Memory, cancellationToken);
            received += part.Chunk.Length;
            // The signed clip is about the input's size (same bit rate); the figure is a guide, capped at 100%.
            progress.Report("downloading", (double)received / Math.Max(1, source.Length));
        }
        return header ?? throw new InvalidDataException("The service ended SignStream without a header.");
    }
}
