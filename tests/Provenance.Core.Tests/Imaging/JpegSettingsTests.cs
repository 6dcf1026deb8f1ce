using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>The source's JPEG settings are read back from files cjpeg made, and a re-encode reproduces them.</summary>
public class JpegSettingsTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(85)]
    [InlineData(90)]
    [InlineData(95)]
    [InlineData(99)]
    [InlineData(100)]
    public void Quality_is_read_back_exactly_from_cjpeg_files(int quality)
    {
        var path = ToolSamples.Instance.CjpegJpeg("fruits.jpg", quality);
        var info = ImageCodec.ReadInfo(File.ReadAllBytes(path));
        Assert.Equal(quality, info.SourceSettings.Quality);
        Assert.True(info.SourceSettings.QualityIsExact);
        Assert.Equal(ChromaSubsampling.Yuv420, info.SourceSettings.Subsampling);
    }

    [Theory]
    [InlineData("-sample 1x1", ChromaSubsampling.Yuv444, false)]
    [InlineData("-sample 2x1", ChromaSubsampling.Yuv422, false)]
    [InlineData("-sample 1x2", ChromaSubsampling.Yuv440, false)]
    [InlineData("-sample 4x1", ChromaSubsampling.Yuv411, false)]
    [InlineData("-grayscale", ChromaSubsampling.Gray, false)]
    [InlineData("-progressive", ChromaSubsampling.Yuv420, true)]
    [InlineData("-progressive -sample 1x1", ChromaSubsampling.Yuv444, true)]
    public void Subsampling_and_progression_are_read_and_reproduced(string options, ChromaSubsampling subsampling, bool progressive)
    {
        var source = File.ReadAllBytes(ToolSamples.Instance.CjpegJpeg("building.jpg", 80, options));
        using var decoded = ImageCodec.Decode(source);
        var settings = decoded.Info.SourceSettings;
        Assert.Equal(80, settings.Quality);
        Assert.Equal(subsampling, settings.Subsampling);
        Assert.Equal(progressive, settings.Progressive);
        Assert.Equal(subsampling == ChromaSubsampling.Gray, settings.Grayscale);

        // Re-encoded "the same way": same frame type, sampling factors and quantisation tables as cjpeg wrote.
        var again = ImageCodec.Encode(decoded.Frame, settings);
        var expected = JpegFrameHeader.Read(source, JpegLayout.Parse(source));
        var actual = JpegFrameHeader.Read(again, JpegLayout.Parse(again));
        Assert.Equal(expected.SofMarker, actual.SofMarker);
        Assert.Equal(expected.Components.Select(c => (c.H, c.V)), actual.Components.Select(c => (c.H, c.V)));
        for (int i = 0; i < expected.Components.Count; i++)
        {
            Assert.Equal(expected.QuantizationTables[expected.Components[i].TableIndex], actual.QuantizationTables[actual.Components[i].TableIndex]);
        }
        using var redecoded = ImageCodec.Decode(again);
        Assert.True(ImageComparison.Psnr(decoded.Frame, redecoded.Frame) > 38);
    }

    /// <summary>Regression: TurboJPEG 2.1 corrupts baseline output from a handle that wrote a progressive file.</summary>
    [Fact]
    public void A_baseline_encode_after_a_progressive_one_is_intact()
    {
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("home.jpg")));
        var reference = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(85));
        ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(85, progressive: true));
        Assert.Equal(reference, ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(85)));
    }

    [Fact]
    public void Other_encoders_get_the_nearest_ijg_quality()
    {
        // board.jpg and the Photoshop-made fixtures use their own tables: a quality comes back, marked approximate.
        var info = ImageCodec.ReadInfo(File.ReadAllBytes(TestFiles.Fixture("no_manifest.jpg")));
        Assert.False(info.SourceSettings.QualityIsExact);
        Assert.InRange(info.SourceSettings.Quality, 1, 100);
    }

    [Fact]
    public void Cmyk_jpegs_decode_to_rgb()
    {
        var path = ToolSamples.Instance.CmykJpeg("fruits.jpg");
        using var cmyk = ImageCodec.Decode(File.ReadAllBytes(path));
        using var rgb = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo("fruits.jpg")));
        Assert.Equal(PixelFormat.Rgb24, cmyk.Frame.Format);
        Assert.True(ImageComparison.Psnr(rgb.Frame, cmyk.Frame) > 25, $"PSNR {ImageComparison.Psnr(rgb.Frame, cmyk.Frame):F1}");
    }
}
