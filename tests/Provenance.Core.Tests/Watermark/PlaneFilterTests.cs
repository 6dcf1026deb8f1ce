using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Watermark;

public class PlaneFilterTests
{
    [Theory]
    [InlineData(37, 23, 1)]
    [InlineData(64, 80, 2)]
    [InlineData(5, 9, 3)]
    public void BoxBlurMatchesAColumnByColumnReference(int width, int height, int radius)
    {
        var random = new Random(width * 31 + height);
        using var plane = new FloatPlane(width, height);
        for (int i = 0; i < plane.Length; i++)
        {
            plane.Span[i] = (float)(random.NextDouble() * 255);
        }
        using var expected = new FloatPlane(width, height);
        Reference(plane, expected, radius);
        using var actual = new FloatPlane(width, height);
        PlaneFilters.BoxBlur(plane, actual, radius);
        Assert.True(expected.Span.SequenceEqual(actual.Span));
        // In place as well.
        PlaneFilters.BoxBlur(plane, plane, radius);
        Assert.True(expected.Span.SequenceEqual(plane.Span));
    }

    // The straightforward separable running-sum box blur (edges clamped), column pass done column by column.
    private static void Reference(FloatPlane src, FloatPlane dst, int radius)
    {
        int w = src.Width, h = src.Height;
        float inv = 1f / (2 * radius + 1);
        var tmp = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            Line(i => src.Span[y * w + Math.Clamp(i, 0, w - 1)], w, radius, inv, (i, v) => tmp[y * w + i] = v);
        }
        for (int x = 0; x < w; x++)
        {
            var xx = x;
            var d = dst.Data;
            Line(i => tmp[Math.Clamp(i, 0, h - 1) * w + xx], h, radius, inv, (i, v) => d[i * w + xx] = v);
        }
    }

    private static void Line(Func<int, float> at, int n, int radius, float inv, Action<int, float> write)
    {
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            sum += at(i);
        }
        for (int i = 0; i < n; i++)
        {
            write(i, (float)(sum * inv));
            sum += at(Math.Min(i + radius + 1, n - 1)) - at(Math.Max(i - radius, 0));
        }
    }
}
