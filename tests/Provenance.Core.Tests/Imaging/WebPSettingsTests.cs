using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>The source's WebP settings are read back from files cwebp made.</summary>
public class WebPSettingsTests
{
    [Theory]
    [InlineData("fruits.jpg")]
    [InlineData("building.jpg")]
    [InlineData("baboon.jpg")]
    public void Lossy_quality_is_estimated_from_the_vp8_header(string photo)
    {
        foreach (int quality in new[] { 10, 30, 50, 75, 90, 100 })
        {
            var info = ImageCodec.ReadInfo(File.ReadAllBytes(ToolSamples.Instance.CwebpLossy(photo, quality)));
            Assert.False(info.SourceSettings.Lossless);
            Assert.False(info.HasAlpha);
            // Exact to +-1 on most photos; on baboon.jpg the estimate runs up to 7 points high (see the estimator).
            Assert.InRange(info.SourceSettings.Quality, quality - 1, quality + 7);
        }
    }

    [Fact]
    public void Lossless_and_alpha_are_recognised()
    {
        var lossless = ImageCodec.ReadInfo(File.ReadAllBytes(ToolSamples.Instance.CwebpLossless("home.jpg")));
        Assert.True(lossless.SourceSettings.Lossless);
        Assert.False(lossless.HasAlpha);

        var alphaLossy = ImageCodec.ReadInfo(File.ReadAllBytes(ToolSamples.Instance.CwebpAlpha("baboon.jpg", lossless: false)));
        Assert.False(alphaLossy.SourceSettings.Lossless);
        Assert.True(alphaLossy.HasAlpha);
        Assert.InRange(alphaLossy.SourceSettings.Quality, 79, 87);

        var alphaLossless = ImageCodec.ReadInfo(File.ReadAllBytes(ToolSamples.Instance.CwebpAlpha("baboon.jpg", lossless: true)));
        Assert.True(alphaLossless.SourceSettings.Lossless);
        Assert.True(alphaLossless.HasAlpha);
    }

    [Fact]
    public void Cwebp_files_decode_like_dwebp_decodes_them()
    {
        foreach (var (path, lossless) in new[]
        {
            (ToolSamples.Instance.CwebpLossy("fruits.jpg", 75), false),
            (ToolSamples.Instance.CwebpLossless("fruits.jpg"), true),
            (ToolSamples.Instance.CwebpAlpha("baboon.jpg", lossless: false), false),
        })
        {
            using var ours = ImageCodec.Decode(File.ReadAllBytes(path));
            var reference = ToolSamples.Instance.DwebpRgba(path);
            AssertSamePixels(ours.Frame, reference, tolerance: 0);
            if (lossless)
            {
                using var original = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("fruits.jpg")));
                Assert.Equal(0, ImageComparison.MaxDifference(original.Frame, ours.Frame));
            }
        }
    }

    /// <summary>Compares a frame with raw RGBA pixels from another decoder.</summary>
    internal static void AssertSamePixels(ImageFrame frame, byte[] rgba, int tolerance)
    {
        Assert.Equal((long)frame.Width * frame.Height * 4, rgba.Length);
        int bpp = frame.BytesPerPixel, worst = 0;
        var pixels = frame.Pixels;
        for (long p = 0; p < (long)frame.Width * frame.Height; p++)
        {
            for (int c = 0; c < 4; c++)
            {
                int ours = c < bpp ? pixels[(int)(p * bpp + c)] : 255;
                worst = Math.Max(worst, Math.Abs(ours - rgba[p * 4 + c]));
            }
        }
        Assert.True(worst <= tolerance, $"pixels differ by up to {worst}");
    }
}
