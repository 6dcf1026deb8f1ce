using Provenance.Core.C2pa.Validation;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// Avatars and thumbnails: Sign takes any image whose shorter side is at least 64 px (manifest, label), embeds the
/// watermark from 128 px, and says in the result and in the manifest when the pixels carry none.
/// </summary>
public sealed class SmallImageSigningTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("baboon.jpg", 64)]
    [InlineData("fruits.jpg", 127)]
    public async Task Under_128_pixels_the_file_is_signed_without_a_watermark_and_says_so(string photo, int shortSide)
    {
        var media = Small(photo, shortSide);
        var signed = pipeline.Sign(media);

        Assert.False(signed.Watermarked);
        Assert.Contains($"shorter side of the image is {shortSide} pixels", signed.WatermarkOmittedReason);
        Assert.Equal(0, signed.WatermarkPsnrDb);
        // The manifest claims no watermark: no watermarked action, no soft binding; the created action says why.
        Assert.DoesNotContain("c2pa.watermarked", signed.ManifestJson);
        Assert.DoesNotContain("c2pa.soft-binding", signed.ManifestJson);
        Assert.Contains(signed.WatermarkOmittedReason!, signed.ManifestJson);

        var outcome = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records: null, default);
        Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, outcome.Decision.Label);
        Assert.Equal(ValidationState.Trusted, outcome.Embedded.State);
        Assert.Null(outcome.WatermarkId);
        Assert.Null(outcome.Summary?.SoftBindingValueHex);
    }

    [Fact]
    public async Task A_mark_that_does_not_read_back_is_omitted_rather_than_claimed()
    {
        // The baboon scaled to 128 px: its fur interferes with the two and a half tiles of mark more than the PSNR
        // floor lets the embedder overcome (with this ID; the embedding is deterministic). Should a later
        // watermark read it, this case needs a harder image, not a weaker check.
        var signed = pipeline.Sign(Small("baboon.jpg", 128), watermarkId: 0x0123456789abcdef);

        Assert.False(signed.Watermarked);
        Assert.Contains("did not read back", signed.WatermarkOmittedReason);
        Assert.DoesNotContain("c2pa.soft-binding", signed.ManifestJson);
        var outcome = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records: null, default);
        Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
        Assert.False(outcome.Watermark.Detected);
    }

    [Theory]
    [InlineData("Dune.jpg", 128)]
    [InlineData("fruits.jpg", 200)]
    [InlineData("building.jpg", 300)]
    public async Task From_128_pixels_the_watermark_is_embedded_and_reads_back(string photo, int shortSide)
    {
        var signed = pipeline.Sign(Small(photo, shortSide));

        Assert.True(signed.Watermarked, signed.WatermarkOmittedReason);
        Assert.Contains("c2pa.watermarked", signed.ManifestJson);
        var outcome = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records: null, default);
        Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
        Assert.Equal(signed.WatermarkIdHex, outcome.WatermarkId);
    }

    [Fact]
    public void Under_64_pixels_the_image_is_refused()
    {
        var error = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(Small("baboon.jpg", 63)));
        Assert.Equal(MediaError.TooSmall, error.Error);
        Assert.Contains("64", error.Message);
    }

    /// <summary>The photo scaled down so its shorter side is <paramref name="shortSide"/>, as a q90 JPEG.</summary>
    private static byte[] Small(string photo, int shortSide)
    {
        using var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo));
        var frame = decoded.Frame;
        double factor = (double)shortSide / Math.Min(frame.Width, frame.Height);
        int width = frame.Width <= frame.Height ? shortSide : (int)Math.Round(frame.Width * factor);
        int height = frame.Height < frame.Width ? shortSide : (int)Math.Round(frame.Height * factor);
        using var scaled = Resize.Apply(frame, width, height, ResampleFilter.Lanczos3);
        return ImageCodec.Encode(scaled, EncodeSettings.Jpeg(90));
    }
}
