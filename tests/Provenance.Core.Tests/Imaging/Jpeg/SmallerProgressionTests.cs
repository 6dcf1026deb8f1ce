using Provenance.Core.Formats;
using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging.Jpeg;

/// <summary>
/// <see cref="EncodeSettings.SmallerProgressionAbove"/> (Sign's output): a file over the threshold is written in the
/// smaller of the baseline and the progressive coding of the same coefficients, with the baseline encode's pixels to
/// the last sample; a file at or under it is the baseline encode, not transcoded.
/// </summary>
public class SmallerProgressionTests
{
    // fruits.jpg at q90 codes smaller progressive, FreshFlower.jpg (large and smooth) smaller baseline, so both
    // outcomes are exercised; the expected winner is checked against a direct encode of each progression.
    [Theory]
    [InlineData("fruits.jpg", 90, true)]
    [InlineData("FreshFlower.jpg", 90, false)]
    [InlineData("building.jpg", 80, true)]
    public void The_smaller_coding_is_written_with_the_same_pixels(string photo, int quality, bool progressiveIsSmaller)
    {
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg(photo, quality));
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        var settings = planes.Info.SourceSettings;

        var baseline = JpegCodec.EncodeYuv(planes.Image, settings with { Progressive = false }, metadata: null);
        var progressive = JpegCodec.EncodeYuv(planes.Image, settings with { Progressive = true }, metadata: null);
        var smaller = JpegCodec.EncodeYuv(planes.Image, settings with { SmallerProgressionAbove = 0 }, metadata: null);

        Assert.Equal(progressiveIsSmaller, progressive.Length < baseline.Length);
        Assert.Equal(Math.Min(baseline.Length, progressive.Length), smaller.Length);
        Assert.Equal(progressiveIsSmaller, JpegFrameHeader.Read(smaller, JpegLayout.Parse(smaller)).Progressive);
        using var expected = ImageCodec.Decode(baseline);
        using var actual = ImageCodec.Decode(smaller);
        Assert.Equal(0, ImageComparison.MaxDifference(expected.Frame, actual.Frame));
    }

    [Fact]
    public void A_progressive_source_may_be_written_baseline_when_that_is_smaller()
    {
        // Progression is not a property of the picture: the input's own is not kept when the other codes smaller.
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg("FreshFlower.jpg", 90, "-progressive"));
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        Assert.True(planes.Info.SourceSettings.Progressive);
        var smaller = JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings with { SmallerProgressionAbove = 0 }, metadata: null);
        Assert.False(JpegFrameHeader.Read(smaller, JpegLayout.Parse(smaller)).Progressive);
        Assert.True(smaller.Length < JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, metadata: null).Length);
    }

    /// <summary>
    /// The threshold is on the file as written, metadata included: at its size the baseline encode is kept (although
    /// fruits.jpg at q90 codes smaller progressive), one byte under it the progressive coding is written, with the
    /// same metadata.
    /// </summary>
    [Fact]
    public void Only_a_file_over_the_threshold_is_transcoded()
    {
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg("fruits.jpg", 90));
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        var settings = planes.Info.SourceSettings with { Progressive = false };
        var metadata = AssetMetadata.Empty with { Xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>" };
        var baseline = JpegCodec.EncodeYuv(planes.Image, settings, metadata);

        var atThreshold = JpegCodec.EncodeYuv(planes.Image, settings with { SmallerProgressionAbove = baseline.Length }, metadata);
        var overThreshold = JpegCodec.EncodeYuv(planes.Image, settings with { SmallerProgressionAbove = baseline.Length - 1 }, metadata);

        Assert.Equal(baseline, atThreshold);
        Assert.True(JpegFrameHeader.Read(overThreshold, JpegLayout.Parse(overThreshold)).Progressive);
        Assert.True(overThreshold.Length < baseline.Length);
        Assert.Equal(metadata.Xmp, JpegHandler.Instance.ReadMetadata(overThreshold).Xmp);
    }

    /// <summary>Sign re-encodes through <see cref="LumaDecodedImage.Encode"/>: from planes, and from RGB for CMYK files.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Signs_reencode_writes_the_smaller_coding_over_the_threshold_only(bool cmyk)
    {
        var source = File.ReadAllBytes(cmyk ? ToolSamples.Instance.CmykJpeg("fruits.jpg") : ToolSamples.Instance.CjpegJpeg("fruits.jpg", 90));
        using var decoded = LumaDecodedImage.Decode(source, MediaLimits.Default);
        Assert.Equal(cmyk, decoded.Planes is null);
        var settings = decoded.SourceSettings;
        byte[] Direct(bool progressive) => decoded.Planes is { } planes
            ? JpegCodec.EncodeYuv(planes, settings with { Progressive = progressive }, metadata: null)
            : ImageCodec.Encode(decoded.Frame!, settings with { Progressive = progressive });
        int baseline = Direct(false).Length;
        Assert.Equal(Math.Min(baseline, Direct(true).Length), decoded.Encode(AssetMetadata.Empty, smallerProgressionAbove: 0).Length);
        Assert.Equal(baseline, decoded.Encode(AssetMetadata.Empty, smallerProgressionAbove: baseline).Length);
    }
}
