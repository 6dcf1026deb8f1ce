using System.Runtime.InteropServices;
using SkiaSharp;

namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Lays out and draws an explicit label for an image of a given size: the text shaped by HarfBuzz and drawn by
/// Skia (anti-aliased, unhinted) in <see cref="LabelFont"/>, light on a dark opaque plate, at the requested edge
/// or corner. The text is sized from the image: its ink above the baseline is at least 5% of the image's shorter
/// side (GB 45438-2025 asks that of the text height; the part above the baseline is the stricter measure for
/// Latin text with descenders) and never under <see cref="MinTextHeight"/> pixels. A label that does not fit
/// whole is refused, never clipped or shrunk below that height.
/// </summary>
internal static class LabelRenderer
{
    /// <summary>GB 45438-2025: text height at least 5% of the shorter side of the image.</summary>
    public const double MinTextHeightFraction = 0.05;

    /// <summary>A floor for small images, under which bold CJK strokes blur together.</summary>
    public const int MinTextHeight = 12;

    // Around the text: padding inside the plate and the plate's distance from the image's edges, as fractions of
    // the target text height and of the shorter side. Chosen by eye; only "legible and at the edge" is required.
    private const double PaddingX = 0.4;
    private const double PaddingY = 0.3;
    private const double MarginFraction = 0.015;

    /// <summary>The text height a label on a <paramref name="width"/> x <paramref name="height"/> image must reach.</summary>
    public static int TargetTextHeight(int width, int height) =>
        Math.Max(MinTextHeight, (int)Math.Ceiling(MinTextHeightFraction * Math.Min(width, height)));

    /// <summary>
    /// Draws <paramref name="label"/> for a <paramref name="width"/> x <paramref name="height"/> image (as displayed).
    /// Throws <see cref="InvalidMediaException"/>
    /// (<see cref="MediaError.TooSmall"/>) when the label does not fit and <see cref="InvalidLabelException"/> when the
    /// font lacks a character of the text.
    /// </summary>
    public static LabelRaster Render(ExplicitLabel label, int width, int height, LabelFont? font = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        font ??= LabelFont.Default;
        int target = TargetTextHeight(width, height);
        using var skFont = new SKFont(font.Typeface) { Hinting = SKFontHinting.None, Subpixel = true, Edging = SKFontEdging.Antialias };
        RequireGlyphs(skFont, label.Text);

        // Ink above the baseline grows with the size; start from a measurement at 100 px and correct the rounding.
        skFont.Size = 100;
        var ink = Measure(font, skFont, label.Text, out _, out _);
        if (-ink.Top <= 0)
        {
            throw new InvalidLabelException($"The explicit label text \"{label.Text}\" draws nothing above the baseline.");
        }
        skFont.Size = (float)(100.0 * target / -ink.Top);
        ushort[] glyphs;
        SKPoint[] points;
        for (int attempt = 0; ; attempt++)
        {
            ink = Measure(font, skFont, label.Text, out glyphs, out points);
            if (-ink.Top >= target || attempt == 8)
            {
                break;
            }
            skFont.Size *= 1.01f;
        }

        int margin = Math.Max(2, (int)Math.Round(MarginFraction * Math.Min(width, height)));
        int padX = (int)Math.Ceiling(PaddingX * target);
        int padY = (int)Math.Ceiling(PaddingY * target);
        int plateWidth = (int)Math.Ceiling(ink.Width) + 2 * padX + 2;
        int plateHeight = (int)Math.Ceiling(ink.Height) + 2 * padY + 2;
        if (plateWidth + 2 * margin > width || plateHeight + 2 * margin > height)
        {
            throw new InvalidMediaException(MediaError.TooSmall,
                $"Image {width}x{height} is too small for the explicit label \"{label.Text}\": at the required text height of {target} pixels " +
                $"(5% of the shorter side, at least {MinTextHeight}) the label needs {plateWidth + 2 * margin}x{plateHeight + 2 * margin} pixels.");
        }
        int x = label.Position switch
        {
            LabelPosition.TopLeft or LabelPosition.BottomLeft => margin,
            LabelPosition.TopRight or LabelPosition.BottomRight => width - margin - plateWidth,
            _ => (width - plateWidth) / 2,
        };
        int y = label.Position.IsTop() ? margin : height - margin - plateHeight;

        // The ink box centred in the plate.
        float originX = (plateWidth - ink.Width) / 2 - ink.Left;
        float baseline = (plateHeight - ink.Height) / 2 - ink.Top;
        var coverage = Draw(skFont, glyphs, points, plateWidth, plateHeight, originX, baseline);
        var grey = new byte[plateWidth * plateHeight];
        int firstRow = -1, lastRow = -1;
        for (int row = 0; row < plateHeight; row++)
        {
            bool inked = false;
            for (int col = 0; col < plateWidth; col++)
            {
                int a = coverage[row * plateWidth + col];
                grey[row * plateWidth + col] = (byte)(LabelRaster.PlateGrey + ((LabelRaster.TextGrey - LabelRaster.PlateGrey) * a + 127) / 255);
                inked |= a >= 128;
            }
            if (inked)
            {
                firstRow = firstRow < 0 ? row : firstRow;
                lastRow = row;
            }
        }
        return new LabelRaster(label, x, y, plateWidth, plateHeight, grey, firstRow < 0 ? 0 : lastRow - firstRow + 1, skFont.Size);
    }

    private static void RequireGlyphs(SKFont font, string text)
    {
        // Glyph 0 is .notdef: the font has no drawing for that character, and the label would show a box.
        var glyphs = font.GetGlyphs(text);
        if (glyphs.Contains((ushort)0))
        {
            throw new InvalidLabelException($"The label font ({LabelFont.FamilyName}) has no glyph for a character of \"{text}\".");
        }
    }

    /// <summary>The shaped text's ink box (union of the glyphs' outline bounds) with the pen at the origin.</summary>
    private static SKRect Measure(LabelFont font, SKFont skFont, string text, out ushort[] glyphs, out SKPoint[] points)
    {
        var shaped = font.Shape(text, skFont);
        glyphs = shaped.Codepoints.Select(c => checked((ushort)c)).ToArray();
        points = shaped.Points;
        var bounds = new SKRect[glyphs.Length];
        skFont.GetGlyphWidths(glyphs, Span<float>.Empty, bounds, null);
        var ink = SKRect.Empty;
        for (int i = 0; i < glyphs.Length; i++)
        {
            var box = bounds[i];
            if (box.IsEmpty)
            {
                continue;
            }
            box.Offset(points[i]);
            ink = ink.IsEmpty ? box : SKRect.Union(ink, box);
        }
        return ink;
    }

    /// <summary>The text's coverage (0..255 a pixel) on a plate-sized alpha canvas.</summary>
    private static byte[] Draw(SKFont font, ushort[] glyphs, SKPoint[] points, int width, int height, float originX, float baseline)
    {
        var coverage = new byte[width * height];
        var info = new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul);
        var handle = GCHandle.Alloc(coverage, GCHandleType.Pinned);
        try
        {
            using var surface = SKSurface.Create(info, handle.AddrOfPinnedObject(), width)
                ?? throw new InvalidOperationException("Skia could not create an alpha surface for the label");
            using var builder = new SKTextBlobBuilder();
            builder.AddPositionedRun(glyphs, font, points);
            using var blob = builder.Build();
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            surface.Canvas.Clear(SKColors.Transparent);
            surface.Canvas.DrawText(blob, originX, baseline, paint);
            surface.Canvas.Flush();
        }
        finally
        {
            handle.Free();
        }
        return coverage;
    }
}
