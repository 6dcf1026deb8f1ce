using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>Every PNG colour type and depth decodes to what ImageMagick (an independent decoder) reads.</summary>
public class PngDecodeTests
{
    [Theory]
    [InlineData("gray", false, 8)]
    [InlineData("gray16", false, 16)]
    [InlineData("palette", false, 8)]
    [InlineData("rgb16", false, 16)]
    [InlineData("graya", true, 8)]
    [InlineData("rgba", true, 8)]
    [InlineData("interlaced", false, 8)]
    public void Variants_decode_like_imagemagick(string variant, bool alpha, int depth)
    {
        var path = ToolSamples.Instance.PngVariant("home.jpg", variant);
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(path));
        Assert.Equal(alpha, decoded.Info.HasAlpha);
        Assert.Equal(depth, decoded.Info.BitDepth);
        Assert.Equal(variant.StartsWith("gray", StringComparison.Ordinal), decoded.Info.SourceSettings.Grayscale);
        // 16-bit samples are reduced to 8 bits by rounding in both decoders; allow one step for that.
        WebPSettingsTests.AssertSamePixels(decoded.Frame, ToolSamples.Instance.MagickRgba(path), tolerance: depth == 16 ? 1 : 0);

        // Written back: 8 bits per sample; gray stays gray, alpha stays.
        var again = ImageCodec.Encode(decoded.Frame, decoded.Info.SourceSettings);
        using var redecoded = ImageCodec.Decode(again);
        Assert.Equal(8, redecoded.Info.BitDepth);
        Assert.Equal(decoded.Info.SourceSettings.Grayscale, redecoded.Info.SourceSettings.Grayscale);
        Assert.Equal(alpha, redecoded.Info.HasAlpha);
        Assert.Equal(0, ImageComparison.MaxDifference(decoded.Frame, redecoded.Frame));
    }

    [Fact]
    public void A_palette_with_transparency_decodes_to_rgba()
    {
        // libpng's own test image: PLTE + tRNS.
        var path = TestFiles.Fixture("libpng-test.png");
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(path));
        Assert.True(decoded.Info.HasAlpha);
        WebPSettingsTests.AssertSamePixels(decoded.Frame, ToolSamples.Instance.MagickRgba(path), tolerance: 0);
    }

    [Fact]
    public void Our_png_is_read_by_imagemagick_as_we_wrote_it()
    {
        using var source = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("butterfly.jpg")));
        using var rgba = ImageComparison.WithGradientAlpha(source.Frame);
        var path = Path.Combine(Path.GetTempPath(), $"provenance-png-{Environment.ProcessId}.png");
        try
        {
            File.WriteAllBytes(path, ImageCodec.Encode(rgba, EncodeSettings.Png()));
            WebPSettingsTests.AssertSamePixels(rgba, ToolSamples.Instance.MagickRgba(path, cache: false), tolerance: 0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
