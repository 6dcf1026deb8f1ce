using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>What an attack may use: codecs, a seeded random source, and whether this is the canonical variant.</summary>
internal sealed record AttackContext(IAttackCodecs Codecs, Random Random, bool Canonical);

/// <summary>One attack of the suite, made with the project's transforms and codecs.</summary>
internal sealed record WatermarkAttack(string Name, Func<ImageFrame, AttackContext, ImageFrame> Apply);

/// <summary>
/// The attack list (plus "none"). Non-canonical variants move crops to random positions; every variant of
/// every attack starts from an image whose top-left 0..15 pixels were cut (so the tile and the JPEG grid land at a
/// random phase).
/// </summary>
internal static class AttackSuite
{
    public static IReadOnlyList<WatermarkAttack> All { get; } =
    [
        new("none", (f, _) => f.Clone()),
        new("jpeg q90", (f, c) => c.Codecs.Jpeg(f, 90)),
        new("jpeg q75", (f, c) => c.Codecs.Jpeg(f, 75)),
        new("jpeg q50", (f, c) => c.Codecs.Jpeg(f, 50)),
        new("resize 0.5x", (f, _) => Scale(f, 0.5)),
        new("resize 1.5x", (f, _) => Scale(f, 1.5)),
        new("crop 81% area", (f, c) => CropArea(f, 0.81, c)),
        new("crop 50% area", (f, c) => CropArea(f, 0.50, c)),
        new("rotate +3", (f, _) => Rotate.CroppedToContent(f, 3)),
        new("rotate -3", (f, _) => Rotate.CroppedToContent(f, -3)),
        new("rotate +5", (f, _) => Rotate.CroppedToContent(f, 5)),
        new("rotate -5", (f, _) => Rotate.CroppedToContent(f, -5)),
        new("brightness x0.75", (f, _) => ToneAdjust.Brightness(f, 0.75)),
        new("brightness x1.25", (f, _) => ToneAdjust.Brightness(f, 1.25)),
        new("contrast -25%", (f, _) => ToneAdjust.Contrast(f, 0.75)),
        new("contrast +25%", (f, _) => ToneAdjust.Contrast(f, 1.25)),
        new("noise sigma 10", (f, c) => PixelNoise.Gaussian(f, 10, c.Random.Next())),
        new("blur sigma 1", (f, _) => GaussianBlur.Apply(f, 1)),
        new("webp q75", (f, c) => c.Codecs.Webp(f, 75)),
        new("screenshot 1080 png", Screenshot),
        new("crop90+resize0.7+bright1.1+jpeg70", Combination),
        // Issue 16, item 3: a small image (run the harness with --short-side 256-520) halved and re-encoded, as a
        // platform makes a preview of an upload, and any image brought down to a 128 px thumbnail.
        new("resize 0.5x+jpeg85", (f, c) =>
        {
            using var scaled = Scale(f, 0.5);
            return c.Codecs.Jpeg(scaled, 85);
        }),
        new("resize to 128 px short side", (f, _) => Scale(f, 128.0 / Math.Min(f.Width, f.Height))),
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
