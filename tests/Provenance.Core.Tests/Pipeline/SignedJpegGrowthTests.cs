using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// Issue 16, item 5: a signed JPEG stays close to its input's size. FreshFlower and Aqua are the large corpus photos
/// that grew most (smooth petals and sky: a drawn mark there is mostly new coefficients); made q85 JPEGs by our
/// encoder, signing grew them 1.40x and 1.17x before the mark was shaped (bench jpeg-growth). The bound is the
/// issue's worst case, 1.30 with the manifest; the mark must still read from the signed file, so the bound cannot be
/// met by leaving it out. (Photos under JpegMarkShaper.MinShortSide are shaped only as far as the maximum needs.)
/// </summary>
public sealed class SignedJpegGrowthTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    private const double MaxGrowth = 1.30;

    [Theory]
    [InlineData("FreshFlower.jpg")]
    [InlineData("Aqua.jpg")]
    public void A_signed_q85_jpeg_grows_by_at_most_the_bound_and_keeps_its_mark(string photo)
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo)))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(85));
        }
        const ulong id = 0x0123456789ABCDEF;

        var signed = pipeline.Sign(input, id);

        double ratio = (double)signed.Bytes.Length / input.Length;
        Assert.True(ratio <= MaxGrowth, $"{photo} at q85: signed {signed.Bytes.Length} bytes / input {input.Length} = {ratio:F3} > {MaxGrowth}");
        Assert.True(signed.Watermarked);
        Assert.True(signed.WatermarkPsnrDb >= 40, $"PSNR {signed.WatermarkPsnrDb:F2} dB");
        using var back = LumaDecodedImage.Decode(signed.Bytes, MediaLimits.Default);
        var found = pipeline.Watermarker.Detect(back.Luma);
        Assert.True(found.Detected);
        Assert.Equal(id, found.Id);
    }

    /// <summary>
    /// home.jpg (512 x 384) is under the shaper's MinShortSide: unshaped it signed at 1.38x (q90) and 1.46x (q95); it
    /// is now shaped in as few blocks as keep it under the maximum, and must still carry a readable mark (Sign reads
    /// small images back and would sign them unmarked otherwise, so Watermarked is the check).
    /// </summary>
    [Theory]
    [InlineData(90)]
    [InlineData(95)]
    public void A_small_smooth_photo_stays_under_the_maximum_and_keeps_its_mark(int quality)
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo("home.jpg")))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(quality));
        }
        const ulong id = 0x0123456789ABCDEF;

        var signed = pipeline.Sign(input, id);

        double ratio = (double)signed.Bytes.Length / input.Length;
        Assert.True(ratio <= MaxGrowth, $"home.jpg at q{quality}: signed {signed.Bytes.Length} bytes / input {input.Length} = {ratio:F3} > {MaxGrowth}");
        Assert.True(signed.Watermarked, signed.WatermarkOmittedReason);
        using var back = LumaDecodedImage.Decode(signed.Bytes, MediaLimits.Default);
        var found = pipeline.Watermarker.Detect(back.Luma);
        Assert.True(found.Detected);
        Assert.Equal(id, found.Id);
    }

    [Fact]
    public void Shaping_leaves_the_coefficients_the_input_quantised_to_zero_at_zero()
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo("FreshFlower.jpg")))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(85));
        }
        using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
        var table = JpegQualityEstimator.LuminanceTable(planes.Info.SourceSettings.Quality);
        using var shaper = JpegMarkShaper.Capture(planes.Image);
        pipeline.Watermarker.Embed(planes.Image, 42);

        int addedBefore = shaper.AddedCoefficients(table).Sum();
        shaper.Shape(table, blocks: null);
        int addedAfter = shaper.AddedCoefficients(table).Sum();

        // Drawn, the mark adds coefficients all over a smooth photo; shaped, only the rounding of the pixels back
        // to integers can add one here and there.
        Assert.True(addedBefore > 10_000, $"the drawn mark added {addedBefore} coefficients");
        Assert.True(addedAfter < addedBefore / 20, $"{addedAfter} coefficients added after shaping, {addedBefore} before");
    }

    /// <summary>
    /// Sign transcodes to progressive only a file that would grow beyond the median target coded baseline
    /// (Signing/SignedJpegProgression.cs): Dune.jpg at q90 (cjpeg -optimize) signs at 1.10x baseline and 1.08x progressive, so it
    /// is written progressive; baboon.jpg at q90 signs at 1.03x baseline, within the target, and stays baseline
    /// although progressive would be 7% smaller (bench jpeg-growth, docs/watermark.md). home.jpg at q90 is over the
    /// target too, but its mark is shaped, which holds it at the shaper's own budget: it stays baseline although
    /// progressive would be 3% smaller (49,296 bytes against 47,686 for the same coefficients, jpegtran -progressive).
    /// </summary>
    [Theory]
    [InlineData("Dune.jpg", true)]
    [InlineData("baboon.jpg", false)]
    [InlineData("home.jpg", false)]
    public void Sign_writes_progressive_only_what_would_grow_beyond_the_median_target(string photo, bool progressive)
    {
        var input = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg(photo, 90, "-optimize"));

        var signed = pipeline.Sign(input).Bytes;

        Assert.Equal(progressive, JpegFrameHeader.Read(signed, JpegLayout.Parse(signed)).Progressive);
    }

    [Fact]
    public void Signing_writes_optimised_huffman_tables()
    {
        var input = PipelineFixture.Photo("building.jpg");
        var signed = pipeline.Sign(input).Bytes;
        // The four Annex K example tables take 432 bytes of DHT segments (cjpeg without -optimize, and this photo as
        // the corpus has it); optimised tables list only the symbols the image uses (cjpeg -optimize: 173 bytes).
        long huffman = JpegLayout.Parse(signed).Segments.Where(s => s.Marker == JpegMarker.Dht).Sum(s => (long)s.Length);
        Assert.InRange(huffman, 1, 431);
    }
}
