using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Core.Tests.Watermark;

/// <summary>The public API's contract: determinism, keys, sizes, alpha, quality bounds, blindness.</summary>
public class WatermarkerTests
{
    private static readonly WatermarkOptions Options = new() { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" };

    [Fact]
    public void EmbeddingIsDeterministic()
    {
        var watermarker = new Watermarker(Options);
        using var original = ProjectCodecs.Load(TestFiles.Photo("fruits.jpg"));
        using var first = original.Clone();
        using var second = original.Clone();
        watermarker.Embed(first, 1234);
        // A second instance built from the same options, so nothing cached in the first one matters.
        new Watermarker(Options with { }).Embed(second, 1234);
        Assert.True(first.Pixels.SequenceEqual(second.Pixels));
        Assert.False(first.Pixels.SequenceEqual(original.Pixels));

        using var other = original.Clone();
        watermarker.Embed(other, 1235);
        Assert.False(first.Pixels.SequenceEqual(other.Pixels));
    }

    [Fact]
    public void AJpegMarkedInItsLumaPlaneIsFoundInItsRgbDecode()
    {
        // Sign's path for JPEG: the mark goes into the Y plane and the file is encoded from the planes; a platform
        // decodes the result to RGB. Same ID, and the same strength as a mark added to R, G and B.
        var watermarker = new Watermarker(Options);
        var source = File.ReadAllBytes(TestFiles.Photo("home.jpg"));
        using var planes = Provenance.Core.Imaging.Jpeg.JpegCodec.TryDecodeYuv(source, Provenance.Core.MediaLimits.Default);
        Assert.NotNull(planes);
        const ulong id = 0x0BADC0FFEE123456;
        var onPlane = watermarker.Embed(planes.Image, id);
        var marked = Provenance.Core.Imaging.Jpeg.JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, metadata: null);

        using var rgb = ImageCodec.Decode(source);
        var onFrame = watermarker.Embed(rgb.Frame, id);
        Assert.InRange(onPlane.PsnrDb, onFrame.PsnrDb - 0.5, onFrame.PsnrDb + 0.5);

        using var decoded = ImageCodec.Decode(marked);
        var found = watermarker.Detect(decoded.Frame);
        Assert.True(found.Detected);
        Assert.Equal(id, found.Id);
    }

    [Fact]
    public void DetectionIsBlindAndKeyed()
    {
        var watermarker = new Watermarker(Options);
        using var frame = ProjectCodecs.Load(TestFiles.Photo("home.jpg"));
        const ulong id = 0xFEDCBA9876543210;
        watermarker.Embed(frame, id);
        var found = watermarker.Detect(frame);
        Assert.True(found.Detected);
        Assert.Equal(id, found.Id);
        Assert.InRange(found.Confidence, 0.3, 1);
        Assert.InRange(found.Scale, 0.99, 1.01);
        Assert.InRange(found.RotationDegrees, -0.5, 0.5);

        var stranger = new Watermarker(new WatermarkOptions { KeyHex = "00000000000000000000000000000001" });
        var result = stranger.Detect(frame);
        Assert.False(result.Detected);
        Assert.Null(result.Id);
    }

    [Theory]
    [InlineData(5, 1.09)]
    [InlineData(-3, 1.04)]
    [InlineData(90, 1.25)]
    [InlineData(180, 1.0)]
    [InlineData(30, 1.48)]
    public void RotationAndScaleAreReported(double degrees, double scale)
    {
        // Rotations crop to the largest rectangle of the original aspect: the pattern keeps its pixel size while
        // the picture shrinks, so the reported scale (pattern size relative to a fresh embedding at this size)
        // grows by the crop factor.
        var watermarker = new Watermarker(Options);
        using var frame = ProjectCodecs.Load(TestFiles.Photo("GreenMeadow.jpg"));
        watermarker.Embed(frame, 99);
        using var turned = Provenance.Core.Imaging.Transforms.Rotate.CroppedToContent(frame, degrees);
        var found = watermarker.Detect(turned);
        Assert.Equal(99UL, found.Id);
        Assert.InRange(found.RotationDegrees, degrees - 0.3, degrees + 0.3);
        Assert.InRange(found.Scale, scale - 0.02, scale + 0.02);
    }

    [Theory]
    [InlineData(127, 600)]
    [InlineData(600, 100)]
    public void ImagesUnder128PixelsAreRefused(int width, int height)
    {
        using var frame = ImageFrame.Allocate(width, height, PixelFormat.Rgb24);
        frame.Pixels.Fill(128);
        var error = Assert.Throws<InvalidMediaException>(() => new Watermarker(Options).Embed(frame, 1));
        Assert.Equal(MediaError.TooSmall, error.Error);
        Assert.Contains("128", error.Message);
    }

    [Fact]
    public void TheSmallestAllowedSizeWorks()
    {
        // Dune, not the baboon: at 128 px the baboon's fur drowns the 2.5 tiles of mark (Sign then omits it).
        using var source = ProjectCodecs.Load(TestFiles.Photo("Dune.jpg"));
        using var frame = Provenance.Core.Imaging.Transforms.Crop.Apply(source, 100, 50, 200, 128);
        var watermarker = new Watermarker(Options);
        watermarker.Embed(frame, 77);
        Assert.Equal(77UL, watermarker.Detect(frame).Id);
    }

    [Fact]
    public void AlphaIsLeftUntouchedAndColourGetsTheSameDelta()
    {
        using var rgb = ProjectCodecs.Load(TestFiles.Photo("fruits.jpg"));
        using var rgba = ImageFrame.Allocate(rgb.Width, rgb.Height, PixelFormat.Rgba32);
        var src = rgb.Pixels;
        var dst = rgba.Pixels;
        for (int p = 0, q = 0; p < src.Length; p += 3, q += 4)
        {
            dst[q] = src[p];
            dst[q + 1] = src[p + 1];
            dst[q + 2] = src[p + 2];
            dst[q + 3] = (byte)(p / 3 % 251);
        }
        using var before = rgba.Clone();
        var watermarker = new Watermarker(Options);
        watermarker.Embed(rgba, 9);
        var after = rgba.Pixels;
        var old = before.Pixels;
        int unequalDeltas = 0;
        for (int q = 0; q < after.Length; q += 4)
        {
            Assert.Equal(old[q + 3], after[q + 3]);
            int dr = after[q] - old[q], dg = after[q + 1] - old[q + 1], db = after[q + 2] - old[q + 2];
            // Equal luma delta on each channel, except where a channel clipped at 0 or 255.
            bool clipped = after[q] is 0 or 255 || after[q + 1] is 0 or 255 || after[q + 2] is 0 or 255;
            if (!clipped && (dr != dg || dg != db))
            {
                unequalDeltas++;
            }
        }
        Assert.Equal(0, unequalDeltas);
        Assert.Equal(9UL, watermarker.Detect(rgba).Id);
    }

    [Fact]
    public void PsnrStaysWithinTheConfiguredBounds()
    {
        var watermarker = new Watermarker(Options);
        foreach (var name in new[] { "starry_night.jpg", "GreenMeadow.jpg" })
        {
            using var original = ProjectCodecs.Load(TestFiles.Photo(name));
            using var marked = original.Clone();
            var embedding = watermarker.Embed(marked, 5);
            double measured = RobustnessRunner.Psnr(original, marked);
            Assert.Equal(embedding.PsnrDb, measured, 3);
            Assert.InRange(measured, Options.MinPsnrDb - 0.5, Options.MaxPsnrDb + 0.5);
        }
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new Watermarker(new WatermarkOptions { KeyHex = "0011" }));
        Assert.Throws<ArgumentException>(() => new Watermarker(Options with { MinPsnrDb = 44, TargetPsnrDb = 42 }));
        Assert.Throws<FormatException>(() => new WatermarkOptions { KeyHex = "not hex" });
    }

    [Fact]
    public void AFlatImageCarriesNoPatternToFind()
    {
        using var frame = ImageFrame.Allocate(640, 480, PixelFormat.Rgb24);
        frame.Pixels.Fill(90);
        var result = new Watermarker(Options).Detect(frame);
        Assert.False(result.Detected);
    }
}
