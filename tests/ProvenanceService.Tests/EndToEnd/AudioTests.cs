using Provenance.Contracts.V1;
using Provenance.Testing.Media;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// WAV, MP3, FLAC and M4A through the running service (issue 15, end-to-end): the corpus voice clip in each format,
/// signed over the unary Sign RPC, then verified as it left, with a changed audio byte, and unsigned. No audio
/// watermark is configured yet: Sign says so, and Verify finds none.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AudioTests(EndToEndFixture service)
{
    public static TheoryData<string, string> Formats() => new()
    {
        { "wav", "audio/wav" },
        { "mp3", "audio/mpeg" },
        { "flac", "audio/flac" },
        { "m4a", "audio/mp4" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Signed_is_verified_edited_is_tampered_unsigned_is_missing(string extension, string mimeType)
    {
        var input = AudioClips.VoiceBytes(extension);
        var signed = await service.SignAsync(input);
        Assert.Equal(mimeType, signed.Response.MimeType);
        Assert.Contains("no audio watermark", signed.Response.WatermarkOmittedReason);

        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Equal("Trusted", verify.ValidationState);
        Assert.Contains(verify.ValidationStatus, s => s.Code is "assertion.dataHash.match" or "assertion.bmffHash.match");
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal(signed.Response.ContentHash, verify.ContentHash);
        Assert.False(verify.Watermark.Detected);

        // One byte of the coded audio changed under the original manifest (60% in: past any tag, before a WAV's C2PA chunk).
        var edited = (byte[])signed.Bytes.Clone();
        edited[edited.Length * 3 / 5] ^= 0x10;
        var tampered = await service.VerifyAsync(edited);
        Assert.Equal(Verdict.Tampered, tampered.Verdict);
        Assert.Contains(tampered.ValidationStatus, s => s.Code is "assertion.dataHash.mismatch" or "assertion.bmffHash.mismatch");

        var unsigned = await service.VerifyAsync(input);
        Assert.Equal(Verdict.Missing, unsigned.Verdict);
        Assert.False(string.IsNullOrEmpty(unsigned.ReportId));
    }

    [Fact]
    public async Task A_declared_type_that_disagrees_with_the_audio_is_refused()
    {
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => service.Client.VerifyAsync(new VerifyRequest
        {
            Media = Google.Protobuf.ByteString.CopyFrom(AudioClips.VoiceBytes("mp3")),
            MimeType = "audio/flac",
        }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
    }
}
