using Provenance.Core.Formats;
using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>
/// JPEGs decoded to their Y/Cb/Cr planes and encoded back from them (the Sign and Verify path for JPEG): the
/// planes hold what the RGB decode shows, every subsampling cjpeg writes goes through, and files whose samples
/// are not Y/Cb/Cr are left to the RGB path.
/// </summary>
public class YuvPlaneTests
{
    [Theory]
    [InlineData("", ChromaSubsampling.Yuv420)]
    [InlineData("-sample 1x1", ChromaSubsampling.Yuv444)]
    [InlineData("-sample 2x1", ChromaSubsampling.Yuv422)]
    [InlineData("-sample 1x2", ChromaSubsampling.Yuv440)]
    [InlineData("-sample 4x1", ChromaSubsampling.Yuv411)]
    [InlineData("-grayscale", ChromaSubsampling.Gray)]
    [InlineData("-progressive", ChromaSubsampling.Yuv420)]
    public void Planes_hold_the_luma_the_rgb_decode_shows_and_encode_back_the_same_way(string options, ChromaSubsampling subsampling)
    {
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg("building.jpg", 80, options));
        using var rgb = ImageCodec.Decode(source);
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        Assert.Null(planes.Warning);
        Assert.Equal(subsampling, planes.Image.Subsampling);
        Assert.Equal((rgb.Frame.Width, rgb.Frame.Height), (planes.Image.Width, planes.Image.Height));
        Assert.Equal(rgb.Info.SourceSettings, planes.Info.SourceSettings);

        // The decoder's Y against BT.601 luma recomputed from its RGB output: they differ only by the rounding of
        // the colour conversion (and where RGB clipped).
        var rgbLuma = new RgbFrameLuma(rgb.Frame);
        ILumaImage yLuma = planes.Image;
        var expected = new ushort[rgb.Frame.Width];
        var actual = new ushort[rgb.Frame.Width];
        double totalDifference = 0;
        for (int y = 0; y < rgb.Frame.Height; y++)
        {
            rgbLuma.ReadLuma(y, expected, useVectors: false);
            yLuma.ReadLuma(y, actual, useVectors: true);
            for (int x = 0; x < expected.Length; x++)
            {
                totalDifference += Math.Abs(expected[x] / 256.0 - actual[x] / 256.0);
            }
        }
        double meanDifference = totalDifference / ((double)rgb.Frame.Width * rgb.Frame.Height);
        Assert.True(meanDifference < 1.0, $"mean |Y - luma(RGB)| = {meanDifference:F2}");

        // Encoded from the planes: the same frame type, sampling factors and tables, and the same picture.
        var again = JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, metadata: null);
        var sourceHeader = JpegFrameHeader.Read(source, JpegLayout.Parse(source));
        var againHeader = JpegFrameHeader.Read(again, JpegLayout.Parse(again));
        Assert.Equal(sourceHeader.SofMarker, againHeader.SofMarker);
        Assert.Equal(sourceHeader.Components.Select(c => (c.H, c.V)), againHeader.Components.Select(c => (c.H, c.V)));
        using var redecoded = ImageCodec.Decode(again);
        Assert.True(ImageComparison.Psnr(rgb.Frame, redecoded.Frame) > 38, $"PSNR {ImageComparison.Psnr(rgb.Frame, redecoded.Frame):F1}");
    }

    /// <summary>Verify reads a JPEG's luma from the greyscale decode (no chroma IDCT): it must be the Y plane, sample for sample.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("-sample 1x1")]
    [InlineData("-sample 2x1")]
    [InlineData("-sample 1x2")]
    [InlineData("-sample 4x1")]
    [InlineData("-grayscale")]
    [InlineData("-progressive")]
    public void The_luma_only_decode_is_the_y_plane(string options)
    {
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg("building.jpg", 80, options));
        AssertLumaIsTheYPlane(source);
    }

    [Fact]
    public void The_luma_only_decode_is_the_y_plane_at_odd_sizes_and_for_the_project_encoder()
    {
        using var photo = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("fruits.jpg")));
        using var odd = ImageFrame.Allocate(301, 203, PixelFormat.Rgb24);
        for (int y = 0; y < odd.Height; y++)
        {
            photo.Frame.Row(y)[..odd.Stride].CopyTo(odd.Row(y));
        }
        foreach (var settings in new[] { EncodeSettings.Jpeg(90), EncodeSettings.Jpeg(75, ChromaSubsampling.Yuv444, progressive: true) })
        {
            AssertLumaIsTheYPlane(ImageCodec.Encode(odd, settings));
        }
    }

    [Fact]
    public void The_luma_only_decode_leaves_cmyk_to_the_rgb_path_and_gives_the_same_warning_for_a_truncated_file()
    {
        var cmyk = File.ReadAllBytes(ToolSamples.Instance.CmykJpeg("fruits.jpg"));
        Assert.Null(JpegCodec.TryDecodeLuma(cmyk, MediaLimits.Default));
        using (var decoded = DecodedLuma.DecodeIntact(cmyk, MediaLimits.Default))
        {
            Assert.IsType<RgbFrameLuma>(decoded.Luma);
        }

        var source = File.ReadAllBytes(TestFiles.Photo("fruits.jpg"));
        var truncated = source[..(source.Length * 2 / 3)];
        using var planes = JpegCodec.TryDecodeYuv(truncated, MediaLimits.Default);
        var luma = JpegCodec.TryDecodeLuma(truncated, MediaLimits.Default);
        Assert.NotNull(luma);
        using var plane = luma.Value.Plane;
        Assert.NotNull(planes?.Warning);
        Assert.Equal(planes.Warning, luma.Value.Warning);
        var error = Assert.Throws<InvalidMediaException>(() => DecodedLuma.DecodeIntact(truncated, MediaLimits.Default));
        var planesError = Assert.Throws<InvalidMediaException>(() => LumaDecodedImage.DecodeIntact(truncated, MediaLimits.Default));
        Assert.Equal((planesError.Error, planesError.Message), (error.Error, error.Message));
    }

    private static void AssertLumaIsTheYPlane(byte[] source)
    {
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        var luma = JpegCodec.TryDecodeLuma(source, MediaLimits.Default);
        Assert.NotNull(luma);
        using var plane = luma.Value.Plane;
        Assert.Null(luma.Value.Warning);
        Assert.Equal((planes.Image.Width, planes.Image.Height), (plane.Width, plane.Height));
        for (int y = 0; y < plane.Height; y++)
        {
            Assert.True(planes.Image.LumaRow(y).SequenceEqual(plane.Row(y)), $"row {y}");
        }
        using var decoded = DecodedLuma.DecodeIntact(source, MediaLimits.Default);
        Assert.IsType<LumaPlane>(decoded.Luma);
    }

    [Fact]
    public void Sizes_that_are_not_a_multiple_of_the_subsampling_go_through()
    {
        using var photo = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("fruits.jpg")));
        using var odd = ImageFrame.Allocate(301, 203, PixelFormat.Rgb24);
        for (int y = 0; y < odd.Height; y++)
        {
            photo.Frame.Row(y)[..odd.Stride].CopyTo(odd.Row(y));
        }
        var source = ImageCodec.Encode(odd, EncodeSettings.Jpeg(90));
        using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default);
        Assert.NotNull(planes);
        Assert.Equal((302, 204), (planes.Image.PlaneWidth(0), planes.Image.PlaneHeight(0)));
        Assert.Equal((151, 102), (planes.Image.PlaneWidth(1), planes.Image.PlaneHeight(1)));
        using var back = ImageCodec.Decode(JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, metadata: null));
        using var first = ImageCodec.Decode(source);
        Assert.Equal((301, 203), (back.Frame.Width, back.Frame.Height));
        Assert.True(ImageComparison.Psnr(first.Frame, back.Frame) > 38);
    }

    [Fact]
    public void Cmyk_jpegs_are_left_to_the_rgb_path()
    {
        var cmyk = File.ReadAllBytes(ToolSamples.Instance.CmykJpeg("fruits.jpg"));
        Assert.Null(JpegCodec.TryDecodeYuv(cmyk, MediaLimits.Default));
        using var decoded = LumaDecodedImage.Decode(cmyk, MediaLimits.Default);
        Assert.IsType<RgbFrameLuma>(decoded.Luma);
    }

    [Fact]
    public void A_truncated_jpeg_decodes_to_planes_with_the_codecs_warning()
    {
        var source = File.ReadAllBytes(TestFiles.Photo("fruits.jpg"));
        var truncated = source[..(source.Length * 2 / 3)];
        using var planes = JpegCodec.TryDecodeYuv(truncated, MediaLimits.Default);
        Assert.NotNull(planes);
        Assert.NotNull(planes.Warning);
        using var rgb = ImageCodec.Decode(truncated);
        Assert.Equal(rgb.Warning, planes.Warning);
    }

    [Fact]
    public void Writing_luma_into_a_plane_agrees_with_its_scalar_loop_and_clamps()
    {
        var random = new Random(11);
        const int width = 133;
        var original = Enumerable.Range(0, width).Select(_ => random.Next(6) == 0 ? (byte)(random.Next(2) * 255) : (byte)random.Next(256)).ToArray();
        int[][] deltas =
        [
            Enumerable.Range(0, width).Select(_ => random.Next(-9, 10)).ToArray(),
            Enumerable.Range(0, width).Select(_ => random.Next(-300, 301)).ToArray(),
            new int[width],
        ];
        foreach (var delta in deltas)
        {
            var vector = original.ToArray();
            var scalar = original.ToArray();
            long vectorError = LumaDelta.ApplyToPlane(vector, delta, useVectors: true);
            long scalarError = LumaDelta.ApplyToPlane(scalar, delta, useVectors: false);
            Assert.Equal(scalar, vector);
            Assert.Equal(scalarError, vectorError);
            long expectedError = 0;
            for (int x = 0; x < width; x++)
            {
                int want = Math.Clamp(original[x] + delta[x], 0, 255);
                Assert.Equal(want, vector[x]);
                expectedError += (want - original[x]) * (want - original[x]);
            }
            Assert.Equal(expectedError, vectorError);
        }
    }
}
