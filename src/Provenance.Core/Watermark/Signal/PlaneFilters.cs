using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark.Signal;

/// <summary>The few plane operations the detector needs: luma with box downscale, box blur, 2x decimation.</summary>
internal static class PlaneFilters
{
    // BT.601 luma weights in 1/256: they sum to 256, so adding the same delta to R, G and B moves luma by it.
    private const int WeightR = 77;
    private const int WeightG = 150;
    private const int WeightB = 29;

    /// <summary>
    /// Luma averaged over <paramref name="factor"/> x <paramref name="factor"/> blocks (an exact area downscale;
    /// a partial block at the right or bottom edge is dropped).
    /// </summary>
    public static FloatPlane Luma(ImageFrame frame, int factor)
    {
        int width = frame.Width / factor;
        int height = frame.Height / factor;
        var plane = new FloatPlane(width, height);
        int bpp = frame.BytesPerPixel;
        var acc = new int[width];
        float scale = 1f / (256f * factor * factor);
        for (int y = 0; y < height; y++)
        {
            Array.Clear(acc);
            for (int dy = 0; dy < factor; dy++)
            {
                var row = frame.Row(y * factor + dy);
                int p = 0;
                for (int x = 0; x < width; x++)
                {
                    int sum = 0;
                    for (int dx = 0; dx < factor; dx++, p += bpp)
                    {
                        sum += WeightR * row[p] + WeightG * row[p + 1] + WeightB * row[p + 2];
                    }
                    acc[x] += sum;
                }
            }
            var dst = plane.Row(y);
            for (int x = 0; x < width; x++)
            {
                dst[x] = acc[x] * scale;
            }
        }
        return plane;
    }

    /// <summary>Separable box blur of radius r (window 2r+1) with edge clamping; src and dst may be the same.</summary>
    public static void BoxBlur(FloatPlane src, FloatPlane dst, int radius)
    {
        int w = src.Width;
        int h = src.Height;
        var line = new float[Math.Max(w, h)];
        float inv = 1f / (2 * radius + 1);
        for (int y = 0; y < h; y++)
        {
            src.Row(y).CopyTo(line);
            BlurLine(line.AsSpan(0, w), dst.Row(y), radius, inv);
        }
        // Vertical pass row by row (a running sum per column), reading a copy so that src and dst may alias:
        // the same additions in the same order as a column-by-column pass, without striding through memory.
        using var copy = new FloatPlane(w, h);
        dst.Span.CopyTo(copy.Span);
        var sums = new double[w];
        for (int k = -radius; k <= radius; k++)
        {
            var row = copy.Row(Math.Clamp(k, 0, h - 1));
            for (int x = 0; x < w; x++)
            {
                sums[x] += row[x];
            }
        }
        for (int y = 0; y < h; y++)
        {
            var output = dst.Row(y);
            var add = copy.Row(Math.Min(y + radius + 1, h - 1));
            var remove = copy.Row(Math.Max(y - radius, 0));
            for (int x = 0; x < w; x++)
            {
                output[x] = (float)(sums[x] * inv);
                sums[x] += add[x] - remove[x];
            }
        }
    }

    private static void BlurLine(ReadOnlySpan<float> src, Span<float> dst, int radius, float inv)
    {
        int n = src.Length;
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            sum += src[Math.Clamp(i, 0, n - 1)];
        }
        for (int i = 0; i < n; i++)
        {
            dst[i] = (float)(sum * inv);
            sum += src[Math.Min(i + radius + 1, n - 1)] - src[Math.Max(i - radius, 0)];
        }
    }

    /// <summary>Box decimation by an integer factor (a partial block at the right or bottom edge is dropped).</summary>
    public static FloatPlane Downsample(FloatPlane src, int factor)
    {
        var dst = new FloatPlane(src.Width / factor, src.Height / factor);
        float scale = 1f / (factor * factor);
        for (int y = 0; y < dst.Height; y++)
        {
            var d = dst.Row(y);
            d.Clear();
            for (int dy = 0; dy < factor; dy++)
            {
                var s = src.Row(y * factor + dy);
                for (int x = 0; x < dst.Width; x++)
                {
                    float sum = 0;
                    for (int dx = 0; dx < factor; dx++)
                    {
                        sum += s[x * factor + dx];
                    }
                    d[x] += sum;
                }
            }
            for (int x = 0; x < dst.Width; x++)
            {
                d[x] *= scale;
            }
        }
        return dst;
    }
}
