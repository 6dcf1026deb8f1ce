using Provenance.Contracts.V1;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// WAV, MP3, FLAC and M4A through the running service (issue 15, end-to-end): the corpus voice clip in each format,
/// signed over the unary Sign RPC, then verified as it left, with a changed audio byte, and unsigned (the clip is
/// 1.4 s, too short for the audio watermark: Sign says so); and music long enough to be marked, recovered after its
/// metadata was stripped and it was transcoded to Ogg Opus at 32 kbit/s (the low-rate voice codec).
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

    [Theory]
    [InlineData("mp3", "-c:a libopus -b:a 32k", "upload.opus", "has no C2PA manifest embedding")]
    [InlineData("m4a", "-c:a libmp3lame -b:a 128k", "upload.mp3", "resolves to a stored manifest")]
    public async Task Marked_music_stripped_and_transcoded_is_recovered(string signedAs, string encode, string uploadName, string reason)
    {
        using var temp = new TempFolder("audio-e2e-");
        var folder = temp.Path;
        var input = Path.Combine(folder, "music." + signedAs);
        AudioClips.Music(input);
        var signed = await service.SignAsync(File.ReadAllBytes(input));
        Assert.Equal("", signed.Response.WatermarkOmittedReason);
        var signedPath = Path.Combine(folder, "signed." + signedAs);
        File.WriteAllBytes(signedPath, signed.Bytes);
        var upload = Path.Combine(folder, uploadName);
        Ffmpeg.Run(["-i", signedPath, "-map_metadata", "-1", "-map", "0:a", .. encode.Split(' '), upload]);

        var verify = await service.VerifyAsync(File.ReadAllBytes(upload));
        Assert.True(verify.Verdict == Verdict.Recovered,
            $"{verify.Verdict}: {verify.VerdictReason} (watermark {signed.Response.WatermarkId}: detected {verify.Watermark.Detected} " +
            $"as {verify.Watermark.Id}, confidence {verify.Watermark.Confidence:0.00}, errors {verify.Watermark.BitErrorsCorrected}, " +
            $"speed {verify.Watermark.EstimatedScale:0.000}, fingerprint {verify.Watermark.FingerprintMatches})");
        Assert.Contains(reason, verify.VerdictReason);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(signed.Response.WatermarkId, verify.Watermark.Id);
        Assert.True(verify.Watermark.FingerprintMatches);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
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
