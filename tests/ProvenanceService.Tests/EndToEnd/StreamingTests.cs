using System.Security.Cryptography;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.Imaging;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// Files above the 4 MiB unary message limit go through SignStream and VerifyStream and get the verdicts the unary
/// calls give smaller files.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StreamingTests(EndToEndFixture service)
{
    private const int UnaryLimit = 4 * 1024 * 1024;
    private const int ChunkSize = 1024 * 1024;

    [Fact]
    public async Task A_file_above_the_unary_limit_is_signed_and_verified_through_the_streams()
    {
        var large = TestMedia.LargePng();
        Assert.True(large.Length > UnaryLimit, $"the test file is only {large.Length} bytes");
        var generator = Bearer.Of(ExampleKeys.GeneratorKey);

        var unary = await Assert.ThrowsAsync<RpcException>(() => service.Client.SignAsync(
            new SignRequest { Media = ByteString.CopyFrom(large), Generation = new GenerationInfo { ModelName = "e2e-diffusion" } }, generator).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);

        var (sign, signed, chunks) = await SignStreamAsync(large, generator);
        Assert.True(signed.Length > UnaryLimit);
        Assert.True(chunks >= signed.Length / ChunkSize, $"{chunks} chunks for {signed.Length} bytes");
        Assert.Equal("image/png", sign.MimeType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signed)), sign.ContentHash);

        var verified = await VerifyStreamAsync(signed);
        Assert.Equal(Verdict.Verified, verified.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verified.AigcLabel);
        Assert.Equal(sign.ManifestId, verified.Manifest.ManifestId);
        Assert.Equal(sign.WatermarkId, verified.Watermark.Id);
        Assert.Equal(sign.ContentHash, verified.ContentHash);

        // Stripped of its metadata but still above the limit (PNG again): recovered through the watermark.
        var stripped = MediaEdits.ReEncode(signed, EncodeSettings.Png());
        Assert.True(stripped.Length > UnaryLimit);
        var recovered = await VerifyStreamAsync(stripped);
        Assert.Equal(Verdict.Recovered, recovered.Verdict);
        Assert.Equal(sign.WatermarkId, recovered.Watermark.Id);
        Assert.Equal(sign.ManifestId, recovered.Manifest.ManifestId);
        Assert.NotEmpty(recovered.ReportId);

        // The same file re-encoded as a small JPEG gets the same verdict from unary Verify and from VerifyStream.
        var small = MediaEdits.ReEncode(stripped, EncodeSettings.Jpeg(85));
        var byUnary = await service.VerifyAsync(small);
        var byStream = await VerifyStreamAsync(small);
        Assert.Equal(Verdict.Recovered, byUnary.Verdict);
        Assert.Equal(byUnary.ValidationStatus.Select(s => s.Code), byStream.ValidationStatus.Select(s => s.Code));
        // Apart from the report's id and the validation time written into one status explanation, they are the same.
        foreach (var response in new[] { byUnary, byStream })
        {
            response.ReportId = "";
            response.ValidationStatus.Clear();
        }
        Assert.Equal(byUnary, byStream);
    }

    private async Task<(SignResponse Header, byte[] Signed, int Chunks)> SignStreamAsync(byte[] media, Metadata headers)
    {
        using var call = service.Client.SignStream(headers);
        await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = new GenerationInfo { ModelName = "e2e-diffusion" } } });
        foreach (var chunk in media.Chunk(ChunkSize))
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(SignStreamResponse.PartOneofCase.Header, call.ResponseStream.Current.PartCase);
        var header = call.ResponseStream.Current.Header;
        Assert.True(header.Media.IsEmpty);
        using var signed = new MemoryStream();
        var chunks = 0;
        while (await call.ResponseStream.MoveNext())
        {
            Assert.Equal(SignStreamResponse.PartOneofCase.Chunk, call.ResponseStream.Current.PartCase);
            call.ResponseStream.Current.Chunk.WriteTo(signed);
            chunks++;
        }
        return (header, signed.ToArray(), chunks);
    }

    private async Task<VerifyResponse> VerifyStreamAsync(byte[] media)
    {
        using var call = service.Client.VerifyStream();
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
        foreach (var chunk in media.Chunk(ChunkSize))
        {
            await call.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
