using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>What an attack may use: codecs, a seeded random source, and whether this is the canonical variant.</summary>
internal sealed record AttackContext(IAttackCodecs Codecs, Random Random, bool Canonical);

/// <summary>
/// One attack of the suite: the project-side implementation and, for the cross-check, the same attack expressed as
/// ImageMagick operations (null when randomness makes a comparison meaningless, e.g. noise).
/// </summary>
internal sealed record WatermarkAttack(
    string Name,
    Func<ImageFrame, AttackContext, ImageFrame> Apply,
    Func<ImageFrame, ExternalTools, ImageFrame>? Reference = null);

/// <summary>
/// The attack list (plus "none"). Non-canonical variants move crops to random positions; every variant of
/// every attack starts from an image whose top-left 0..15 pixels were cut (so the tile and the JPEG grid land at a
/// random phase).
/// </summary>
internal static class AttackSuite
{
    public static IReadOnlyList<WatermarkAttack> All { get; } =
    [
        new("none", (f, _) => f.Clone(), null),
        new("jpeg q90", (f, c) => c.Codecs.Jpeg(f, 90), (f, t) => t.JpegRoundTrip(f, 90)),
        new("jpeg q75", (f, c) => c.Codecs.Jpeg(f, 75), (f, t) => t.JpegRoundTrip(f, 75)),
        new("jpeg q50", (f, c) => c.Codecs.Jpeg(f, 50), (f, t) => t.JpegRoundTrip(f, 50)),
        new("resize 0.5x", (f, _) => Scale(f, 0.5), (f, t) => t.Convert(f, "-resize", Size(f, 0.5) + "!")),
        new("resize 1.5x", (f, _) => Scale(f, 1.5), (f, t) => t.Convert(f, "-resize", Size(f, 1.5) + "!")),
        new("crop 81% area", (f, c) => CropArea(f, 0.81, c), (f, t) => CentreCropReference(f, 0.81, t)),
        new("crop 50% area", (f, c) => CropArea(f, 0.50, c), (f, t) => CentreCropReference(f, 0.50, t)),
        new("rotate +3", (f, _) => Rotate.CroppedToContent(f, 3), (f, t) => RotateReference(f, 3, t)),
        new("rotate -3", (f, _) => Rotate.CroppedToContent(f, -3), (f, t) => RotateReference(f, -3, t)),
        new("rotate +5", (f, _) => Rotate.CroppedToContent(f, 5), (f, t) => RotateReference(f, 5, t)),
        new("rotate -5", (f, _) => Rotate.CroppedToContent(f, -5), (f, t) => RotateReference(f, -5, t)),
        new("brightness x0.75", (f, _) => ToneAdjust.Brightness(f, 0.75), (f, t) => t.Convert(f, "-evaluate", "multiply", "0.75")),
        new("brightness x1.25", (f, _) => ToneAdjust.Brightness(f, 1.25), (f, t) => t.Convert(f, "-evaluate", "multiply", "1.25")),
        new("contrast -25%", (f, _) => ToneAdjust.Contrast(f, 0.75), null),
        new("contrast +25%", (f, _) => ToneAdjust.Contrast(f, 1.25), null),
        new("noise sigma 10", (f, c) => PixelNoise.Gaussian(f, 10, c.Random.Next()), null),
        new("blur sigma 1", (f, _) => GaussianBlur.Apply(f, 1), (f, t) => t.Convert(f, "-gaussian-blur", "0x1")),
        new("webp q75", (f, c) => c.Codecs.Webp(f, 75), (f, t) => t.WebpRoundTrip(f, 75)),
        new("screenshot 1080 png", Screenshot, (f, t) => t.PngRoundTrip(t.Convert(f, "-resize", "1080x1080"))),
        new("crop90+resize0.7+bright1.1+jpeg70", Combination, null),
    ];

    public static ImageFrame Scale(ImageFrame frame, double factor)
    {
        int width = Math.Max(1, (int)Math.Round(frame.Width * factor));
        int height = Math.Max(1, (int)Math.Round(frame.Height * factor));
        return Resize.Apply(frame, width, height, factor < 1 ? ResampleFilter.Lanczos3 : ResampleFilter.Mitchell);
    }

    /// <summary>Cuts 0..15 pixels from the top and left (variants other than the canonical one).</summary>
    public static ImageFrame Shift(ImageFrame frame, Random random)
    {
        int dx = random.Next(16);
        int dy = random.Next(16);
        return Crop.Apply(frame, dx, dy, frame.Width - dx, frame.Height - dy);
    }

    private static string Size(ImageFrame f, double factor) =>
        $"{Math.Round(f.Width * factor)}x{Math.Round(f.Height * factor)}";

    private static ImageFrame CropArea(ImageFrame frame, double area, AttackContext context)
    {
        if (context.Canonical)
        {
            return Crop.Centre(frame, area);
        }
        double side = Math.Sqrt(area);
        int width = (int)Math.Round(frame.Width * side);
        int height = (int)Math.Round(frame.Height * side);
        return Crop.Apply(frame, context.Random.Next(frame.Width - width + 1), context.Random.Next(frame.Height - height + 1), width, height);
    }

    private static ImageFrame CentreCropReference(ImageFrame frame, double area, ExternalTools tools)
    {
        double side = Math.Sqrt(area);
        int width = (int)Math.Round(frame.Width * side);
        int height = (int)Math.Round(frame.Height * side);
        return tools.Convert(frame, "-crop", $"{width}x{height}+{(frame.Width - width) / 2}+{(frame.Height - height) / 2}", "+repage");
    }

    private static ImageFrame RotateReference(ImageFrame frame, double degrees, ExternalTools tools)
    {
        // ImageMagick turns clockwise for positive angles; the project's transform counter-clockwise.
        using var probe = Rotate.CroppedToContent(frame, degrees);
        return tools.Convert(frame, "-rotate", (-degrees).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-gravity", "center", "-crop", $"{probe.Width}x{probe.Height}+0+0", "+repage");
    }

    private static ImageFrame Screenshot(ImageFrame frame, AttackContext context)
    {
        double factor = 1080.0 / Math.Max(frame.Width, frame.Height);
        using var scaled = Scale(frame, factor);
        return context.Codecs.Png(scaled);
    }

    private static ImageFrame Combination(ImageFrame frame, AttackContext context)
    {
        using var cropped = CropArea(frame, 0.90, context);
        using var scaled = Scale(cropped, 0.7);
        using var brighter = ToneAdjust.Brightness(scaled, 1.1);
        return context.Codecs.Jpeg(brighter, 70);
    }
}
