using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>Every corpus photo decodes and survives a re-encode in each format, with its metadata.</summary>
public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(TestFiles.PhotoNames), MemberType = typeof(TestFiles))]
    public void Photos_round_trip_through_every_format(string name)
    {
        var bytes = File.ReadAllBytes(TestFiles.Photo(name));
        using var source = ImageCodec.Decode(bytes);
        var info = source.Info;
        Assert.Null(source.Warning);
        Assert.Equal(ImageCodec.ReadInfo(bytes), info);

        // The source format, "the same way", with its metadata.
        var metadata = AssetHandlers.Detect(bytes).ReadMetadata(bytes);
        var same = ImageCodec.Encode(source.Frame, info.SourceSettings, metadata);
        using (var again = ImageCodec.Decode(same))
        {
            // Re-encoding uses the IJG tables, so a quality that was only approximated before is exact now.
            Assert.Equal(info.SourceSettings with { QualityIsExact = false }, again.Info.SourceSettings with { QualityIsExact = false });
            if (info.Format == AssetFormat.Png)
            {
                Assert.Equal(0, ImageComparison.MaxDifference(source.Frame, again.Frame));
            }
            else
            {
                Assert.True(ImageComparison.Psnr(source.Frame, again.Frame) > 34, $"{name}: re-encode PSNR {ImageComparison.Psnr(source.Frame, again.Frame):F1} dB");
            }
        }
        var readBack = MetadataReadBack.Of(same);
        var expected = MetadataReadBack.Of(bytes);
        Assert.Equal(expected.Exif.OrderBy(t => t.Key), readBack.Exif.OrderBy(t => t.Key));
        Assert.Equal(expected.Icc.OrderBy(t => t.Key), readBack.Icc.OrderBy(t => t.Key));
        Assert.Equal(metadata.Xmp, AssetHandlers.Detect(same).ReadXmp(same));
        // starry_night.jpg labels its XMP with an old "XMP\0://" identifier that MetadataExtractor skips; the
        // re-encode writes the standard one, so there the independent reader finds more than before.
        if (expected.Xmp.Count > 0)
        {
            Assert.Equal(expected.Xmp.OrderBy(t => t.Key), readBack.Xmp.OrderBy(t => t.Key));
        }
        Assert.Equal(expected.Iptc.OrderBy(t => t.Key), readBack.Iptc.OrderBy(t => t.Key));

        // Into the other formats. Lossless WebP takes seconds per megapixel at libwebp's default effort, so it runs
        // on the photos up to one megapixel only.
        var targets = new List<EncodeSettings> { EncodeSettings.Jpeg(90), EncodeSettings.Png(), EncodeSettings.WebP(90) };
        if (info.PixelCount <= 1_000_000)
        {
            targets.Add(EncodeSettings.WebPLossless());
        }
        foreach (var settings in targets)
        {
            var encoded = ImageCodec.Encode(source.Frame, settings);
            using var decoded = ImageCodec.Decode(encoded);
            Assert.Equal(settings.Format, decoded.Info.Format);
            Assert.Equal((info.Width, info.Height), (decoded.Info.Width, decoded.Info.Height));
            double psnr = ImageComparison.Psnr(source.Frame, decoded.Frame);
            if (settings.Format == AssetFormat.Png || settings.Lossless)
            {
                Assert.True(double.IsPositiveInfinity(psnr), $"{name} {settings}: lossless round trip differs");
            }
            else
            {
                // baboon.jpg (fur) is the hardest photo: 30.9 dB at JPEG q90 4:2:0.
                Assert.True(psnr > 30, $"{name} {settings}: PSNR {psnr:F1} dB");
            }
        }
    }

    [Theory]
    [InlineData("baboon.jpg")]
    [InlineData("graf1.png")]
    public void Alpha_is_preserved_where_the_format_has_it(string name)
    {
        using var source = ImageCodec.Decode(File.ReadAllBytes(TestFiles.Photo(name)));
        using var rgba = ImageComparison.WithGradientAlpha(source.Frame);
        foreach (var settings in new[] { EncodeSettings.Png(), EncodeSettings.WebPLossless(), EncodeSettings.WebP(85) })
        {
            using var decoded = ImageCodec.Decode(ImageCodec.Encode(rgba, settings));
            Assert.True(decoded.Info.HasAlpha);
            Assert.Equal(PixelFormat.Rgba32, decoded.Frame.Format);
            // Alpha is coded losslessly in all three (libwebp keeps lossy WebP's ALPH lossless by default).
            for (int y = 0; y < rgba.Height; y += 7)
            {
                for (int x = 0; x < rgba.Width; x += 5)
                {
                    Assert.Equal(rgba.Row(y)[4 * x + 3], decoded.Frame.Row(y)[4 * x + 3]);
                }
            }
        }
        // JPEG has no alpha: the colour survives, the alpha is dropped.
        using var jpeg = ImageCodec.Decode(ImageCodec.Encode(rgba, EncodeSettings.Jpeg(90)));
        Assert.False(jpeg.Info.HasAlpha);
        Assert.True(ImageComparison.Psnr(source.Frame, jpeg.Frame) > 30);
    }
}
