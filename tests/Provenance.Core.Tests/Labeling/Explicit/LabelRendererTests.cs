using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Tests.Labeling.Explicit;

/// <summary>Layout and drawing of the visible label, checked on the drawn plate's pixels.</summary>
public sealed class LabelRendererTests
{
    public static TheoryData<int, int, LabelPosition, string> Cases()
    {
        var data = new TheoryData<int, int, LabelPosition, string>();
        foreach (var (w, h) in new[] { (256, 256), (493, 356), (1024, 768), (768, 1024), (4000, 3000), (300, 2000) })
        {
            foreach (var position in Enum.GetValues<LabelPosition>())
            {
                data.Add(w, h, position, "AI生成");
            }
        }
        data.Add(1920, 1080, LabelPosition.BottomRight, "AI-generated");
        data.Add(1920, 1080, LabelPosition.TopLeft, "人工智能合成");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_text_is_at_least_5_percent_of_the_shorter_side_and_the_plate_sits_inside_at_its_edge(int width, int height, LabelPosition position, string text)
    {
        var raster = LabelRenderer.Render(new ExplicitLabel(text, position), width, height);

        int shorter = Math.Min(width, height);
        // Measured on the pixels: rows holding text brighter than the midpoint between plate and text.
        var (top, bottom, left, right) = InkBox(raster);
        Assert.True(bottom - top + 1 >= 0.05 * shorter, $"ink {bottom - top + 1} px on a {shorter} px side");
        Assert.Equal(bottom - top + 1, raster.TextHeight);
        // The ink stays clear of the plate's border: nothing clipped.
        Assert.True(top > 0 && left > 0 && bottom < raster.Height - 1 && right < raster.Width - 1);

        Assert.InRange(raster.X, 0, width - raster.Width);
        Assert.InRange(raster.Y, 0, height - raster.Height);
        int margin = Math.Max(2, (int)Math.Round(0.015 * shorter));
        int slack = margin + 1;
        switch (position)
        {
            case LabelPosition.TopLeft or LabelPosition.BottomLeft:
                Assert.InRange(raster.X, 0, slack);
                break;
            case LabelPosition.TopRight or LabelPosition.BottomRight:
                Assert.InRange(width - raster.X - raster.Width, 0, slack);
                break;
            default:
                Assert.InRange(raster.X + raster.Width / 2 - width / 2, -1, 1);
                break;
        }
        if (position.IsTop())
        {
            Assert.InRange(raster.Y, 0, slack);
        }
        else
        {
            Assert.InRange(height - raster.Y - raster.Height, 0, slack);
        }
    }

    [Fact]
    public void The_plate_is_the_plate_grey_and_the_text_reaches_the_text_grey()
    {
        var raster = LabelRenderer.Render(new ExplicitLabel(), 1024, 768);
        Assert.Equal(LabelRaster.PlateGrey, raster.Grey[0]);
        Assert.Equal(LabelRaster.PlateGrey, raster.Grey[^1]);
        Assert.Equal(LabelRaster.TextGrey, raster.Grey.Max());
        Assert.Equal(LabelRaster.PlateGrey, raster.Grey.Min());
        // Bold CJK at this size: a good share of the plate is text.
        double inked = raster.Grey.Count(g => g > 128) / (double)raster.Grey.Length;
        Assert.InRange(inked, 0.1, 0.6);
    }

    [Fact]
    public void Labels_drawn_at_once_on_several_threads_are_the_same_as_one_drawn_alone()
    {
        // The typeface and the HarfBuzz shaper are shared by every Sign call.
        var alone = LabelRenderer.Render(new ExplicitLabel("AI-generated"), 1600, 1200);
        var results = new LabelRaster[16];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => results[i] = LabelRenderer.Render(new ExplicitLabel("AI-generated"), 1600, 1200));
        Assert.All(results, r => Assert.True(r.Grey.AsSpan().SequenceEqual(alone.Grey) && r.X == alone.X && r.Y == alone.Y));
    }

    [Fact]
    public void Small_images_get_the_minimum_text_height()
    {
        var raster = LabelRenderer.Render(new ExplicitLabel(), 160, 160);
        Assert.True(raster.TextHeight >= LabelRenderer.MinTextHeight, $"{raster.TextHeight}");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    public void Aligning_grows_the_plate_to_the_chroma_grid_with_plate_grey_and_keeps_the_text(int alignX, int alignY)
    {
        foreach (var position in Enum.GetValues<LabelPosition>())
        {
            var raster = LabelRenderer.Render(new ExplicitLabel("AI生成", position), 1001, 777);
            var aligned = raster.Aligned(alignX, alignY, 1001, 777);
            Assert.Equal(0, aligned.X % alignX);
            Assert.Equal(0, aligned.Y % alignY);
            Assert.True(aligned.Width % alignX == 0 || aligned.X + aligned.Width == 1001);
            Assert.True(aligned.Height % alignY == 0 || aligned.Y + aligned.Height == 777);
            Assert.True(aligned.X <= raster.X && aligned.Y <= raster.Y && aligned.X + aligned.Width >= raster.X + raster.Width
                && aligned.Y + aligned.Height >= raster.Y + raster.Height && aligned.X + aligned.Width <= 1001 && aligned.Y + aligned.Height <= 777);
            for (int y = 0; y < aligned.Height; y++)
            {
                for (int x = 0; x < aligned.Width; x++)
                {
                    int ox = aligned.X + x - raster.X, oy = aligned.Y + y - raster.Y;
                    bool original = ox >= 0 && oy >= 0 && ox < raster.Width && oy < raster.Height;
                    Assert.Equal(original ? raster.Row(oy)[ox] : LabelRaster.PlateGrey, aligned.Row(y)[x]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void An_oriented_plate_lands_where_the_display_mapping_puts_each_of_its_pixels(int value)
    {
        var orientation = new ExifOrientation(value);
        int width = 640, height = 480;
        int displayWidth = orientation.SwapsAxes ? height : width, displayHeight = orientation.SwapsAxes ? width : height;
        var display = LabelRenderer.Render(new ExplicitLabel("AI生成", LabelPosition.BottomRight), displayWidth, displayHeight);
        var stored = display.ToStored(orientation, width, height);

        Assert.Equal(display.Width * display.Height, stored.Width * stored.Height);
        Assert.InRange(stored.X, 0, width - stored.Width);
        Assert.InRange(stored.Y, 0, height - stored.Height);
        for (int y = 0; y < display.Height; y++)
        {
            for (int x = 0; x < display.Width; x++)
            {
                var (sx, sy) = orientation.ToStored(display.X + x, display.Y + y, width, height);
                Assert.Equal(display.Row(y)[x], stored.Row(sy - stored.Y)[sx - stored.X]);
            }
        }
    }

    [Theory]
    [InlineData(40, 400, "AI生成")]
    [InlineData(200, 2000, "AI-generated image, see manifest")]
    public void A_label_that_does_not_fit_is_refused_not_clipped(int width, int height, string text)
    {
        var error = Assert.Throws<InvalidMediaException>(() => LabelRenderer.Render(new ExplicitLabel(text), width, height));
        Assert.Equal(MediaError.TooSmall, error.Error);
        Assert.Contains("too small for the explicit label", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("生成")]
    [InlineData("ai generated")]
    [InlineData(" AI生成")]
    [InlineData("AI\n生成")]
    [InlineData("AI generated by a model whose name is far too long")]
    public void Texts_that_are_not_a_one_line_AI_label_are_refused(string text) =>
        Assert.Throws<InvalidLabelException>(() => new ExplicitLabel(text));

    [Fact]
    public void A_character_the_font_cannot_draw_is_refused()
    {
        var error = Assert.Throws<InvalidLabelException>(() => LabelRenderer.Render(new ExplicitLabel("AI生成 \U0001F916"), 1024, 768));
        Assert.Contains("no glyph", error.Message);
    }

    [Fact]
    public void A_missing_font_file_fails_clearly()
    {
        var error = Assert.Throws<LabelFontUnavailableException>(() => LabelFont.Load("/nonexistent/NotoSansCJK-Bold.ttc"));
        Assert.Contains("fonts-noto-cjk", error.Message);
    }

    [Fact]
    public void The_default_font_is_the_bold_simplified_chinese_face()
    {
        Assert.Equal(LabelFont.FamilyName, LabelFont.Default.Typeface.FamilyName);
        Assert.True(LabelFont.Default.Typeface.FontStyle.Weight >= 700);
    }

    [Fact]
    public void Positions_have_stable_names()
    {
        foreach (var position in Enum.GetValues<LabelPosition>())
        {
            Assert.Equal(position, LabelPositions.Parse(position.Name()));
        }
        Assert.Null(LabelPositions.Parse("middle"));
    }

    /// <summary>Rows and columns of the plate holding pixels brighter than the midpoint between plate and text grey.</summary>
    internal static (int Top, int Bottom, int Left, int Right) InkBox(LabelRaster raster)
    {
        int threshold = (LabelRaster.PlateGrey + LabelRaster.TextGrey) / 2;
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (int y = 0; y < raster.Height; y++)
        {
            var row = raster.Row(y);
            for (int x = 0; x < raster.Width; x++)
            {
                if (row[x] > threshold)
                {
                    top = Math.Min(top, y);
                    bottom = y;
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }
        return (top, bottom, left, right);
    }
}
