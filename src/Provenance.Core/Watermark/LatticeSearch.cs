using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Recovers the tile lattice (hence waxel size and rotation modulo 90 degrees) from the residual's
/// autocorrelation: the pattern repeats every tile, so the autocorrelation has peaks at the lattice vectors
/// v1 = P (cos a, sin a) and v2 = P (-sin a, cos a) and their sums, whatever the image. Works on a 256 x 256
/// window of the residual, box-decimated to about 2.2 pixels per expected waxel (tile period then about 40 to
/// 120 pixels). Spectral lines of an 8-pixel JPEG block grid are removed before the inverse transform, else the
/// grid's own lattice (multiples of 8 along the axes) would win on strongly compressed images.
/// </summary>
internal static class LatticeSearch
{
    private const int N = 256;
    private const int Half = N / 2;
    private const int PeaksConsidered = 24;
    private const double MinPeriod = 36;
    private const double MaxPeriod = 124;

    /// <param name="expectedWaxel">The waxel size (plane pixels) an unmodified image of this size would carry: it
    /// sets the decimation so that the search plane has about 2.2 pixels per expected waxel.</param>
    public static List<LatticeCandidate> Find(FloatPlane residual, int lumaFactor, double expectedWaxel, int maxCandidates)
    {
        int decimation = Math.Max(1, (int)Math.Round(expectedWaxel / 2.2));
        using var plane = decimation == 1 ? null : PlaneFilters.Downsample(residual, decimation);
        var source = plane ?? residual;

        var re = new float[N * N];
        var im = new float[N * N];
        int wv = Math.Min(source.Width, N);
        int hv = Math.Min(source.Height, N);
        int x0 = (source.Width - wv) / 2;
        int y0 = (source.Height - hv) / 2;
        double mean = 0;
        for (int y = 0; y < hv; y++)
        {
            var row = source.Row(y0 + y).Slice(x0, wv);
            row.CopyTo(re.AsSpan(y * N, wv));
            foreach (float v in row)
            {
                mean += v;
            }
        }
        float m = (float)(mean / (wv * hv));
        for (int y = 0; y < hv; y++)
        {
            var row = re.AsSpan(y * N, wv);
            for (int x = 0; x < wv; x++)
            {
                row[x] -= m;
            }
        }

        Fft.Transform2D(re, im, N, N, inverse: false);
        for (int i = 0; i < re.Length; i++)
        {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        RemoveBlockGrid(re, lumaFactor * decimation);
        re[0] = 0;
        Fft.Transform2D(re, im, N, N, inverse: true);
        NormalizeByOverlap(re, wv, hv);

        var peaks = LocalMaxima(re);
        var hypotheses = new List<LatticeCandidate>();
        foreach (var (px, py) in peaks)
        {
            var (qx, qy) = Subpixel(re, px, py);
            (qx, qy) = FirstQuadrant(qx, qy);
            double period = Math.Sqrt(qx * qx + qy * qy);
            double angle = Math.Atan2(qy, qx);
            double score = LatticeScore(re, period, angle, 1);
            hypotheses.Add(new LatticeCandidate(period, angle, score));
        }
        hypotheses.Sort((a, b) => b.Score.CompareTo(a.Score));

        var result = new List<LatticeCandidate>();
        foreach (var h in hypotheses)
        {
            if (result.Count >= maxCandidates)
            {
                break;
            }
            var refined = Refine(re, h);
            if (result.Any(r => Math.Abs(r.Waxel / refined.Waxel - 1) < 0.02 && AngleDistance(r.Theta, refined.Theta) < 0.03))
            {
                continue;
            }
            result.Add(refined);
        }
        // Report in residual-plane pixels: waxel = period / tile size * decimation; angle folded into (-45, 45].
        for (int i = 0; i < result.Count; i++)
        {
            var r = result[i];
            double theta = r.Theta > Math.PI / 4 ? r.Theta - Math.PI / 2 : r.Theta;
            result[i] = new LatticeCandidate(r.Waxel / TileLayout.Size * decimation, theta, r.Score);
        }
        return result;
    }

    /// <summary>
    /// A JPEG block grid is periodic with 8 source pixels; one plane pixel is <paramref name="pixelsPerSample"/>
    /// source pixels, so the grid repeats every 8 / gcd(8, that) samples and its energy sits on spectral lines at
    /// multiples of N / period. Those lines (rows and columns) are zeroed.
    /// </summary>
    private static void RemoveBlockGrid(float[] power, int pixelsPerSample)
    {
        int period = 8 / Gcd(8, pixelsPerSample);
        if (period < 2)
        {
            return;
        }
        int step = N / period;
        for (int k = 0; k < N; k += step)
        {
            power.AsSpan(k * N, N).Clear();
            for (int y = 0; y < N; y++)
            {
                power[y * N + k] = 0;
            }
        }
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>
    /// Divides each lag by the number of window pixel pairs it spans (circularly), so lags are comparable when the
    /// window is smaller than the transform and zero-padded.
    /// </summary>
    private static void NormalizeByOverlap(float[] acf, int wv, int hv)
    {
        Span<float> ox = stackalloc float[N];
        Span<float> oy = stackalloc float[N];
        Overlap(wv, ox);
        Overlap(hv, oy);
        float zero = acf[0] / (ox[0] * oy[0]);
        for (int y = 0; y < N; y++)
        {
            for (int x = 0; x < N; x++)
            {
                float o = ox[x] * oy[y];
                acf[y * N + x] = o < 0.15f * wv * hv ? 0 : acf[y * N + x] / o / zero;
            }
        }
    }

    private static void Overlap(int valid, Span<float> overlap)
    {
        for (int d = 0; d < N; d++)
        {
            int count = 0;
            for (int x = 0; x < valid; x++)
            {
                if ((x + d) % N < valid)
                {
                    count++;
                }
            }
            overlap[d] = count;
        }
    }

    private static List<(int X, int Y)> LocalMaxima(float[] acf)
    {
        var found = new List<(int X, int Y, float V)>();
        for (int dy = 0; dy < Half; dy++)
        {
            for (int dx = -Half + 1; dx < Half; dx++)
            {
                if (dy == 0 && dx <= 0)
                {
                    continue;
                }
                double r = Math.Sqrt(dx * dx + dy * dy);
                if (r < MinPeriod || r > MaxPeriod)
                {
                    continue;
                }
                float v = At(acf, dx, dy);
                if (v <= 0)
                {
                    continue;
                }
                bool isMax = true;
                for (int ny = -1; ny <= 1 && isMax; ny++)
                {
                    for (int nx = -1; nx <= 1; nx++)
                    {
                        if ((nx != 0 || ny != 0) && At(acf, dx + nx, dy + ny) > v)
                        {
                            isMax = false;
                            break;
                        }
                    }
                }
                if (isMax)
                {
                    found.Add((dx, dy, v));
                }
            }
        }
        found.Sort((a, b) => b.V.CompareTo(a.V));
        return found.Take(PeaksConsidered).Select(f => (f.X, f.Y)).ToList();
    }

    private static (double X, double Y) Subpixel(float[] acf, int x, int y)
    {
        float c = At(acf, x, y);
        double sx = Vertex(At(acf, x - 1, y), c, At(acf, x + 1, y));
        double sy = Vertex(At(acf, x, y - 1), c, At(acf, x, y + 1));
        return (x + sx, y + sy);
    }

    private static double Vertex(float left, float centre, float right)
    {
        double d = left - 2 * centre + right;
        return d < 0 ? Math.Clamp(0.5 * (left - right) / d, -0.5, 0.5) : 0;
    }

    /// <summary>Rotates a lattice vector by quarter turns into angles [0, 90) degrees.</summary>
    private static (double X, double Y) FirstQuadrant(double x, double y)
    {
        for (int i = 0; i < 4; i++)
        {
            if (x > 0 && y >= 0)
            {
                return (x, y);
            }
            (x, y) = (y, -x);
        }
        return (x, y);
    }

    /// <summary>Sum of the autocorrelation over lattice points m v1 + n v2 with |m|, |n| up to reach.</summary>
    private static double LatticeScore(float[] acf, double period, double angle, int reach)
    {
        double ax = period * Math.Cos(angle);
        double ay = period * Math.Sin(angle);
        double score = 0;
        for (int n = 0; n <= reach; n++)
        {
            for (int mm = -reach; mm <= reach; mm++)
            {
                if (n == 0 && mm <= 0)
                {
                    continue;
                }
                double x = mm * ax - n * ay;
                double y = mm * ay + n * ax;
                if (Math.Abs(x) > Half - 2 || Math.Abs(y) > Half - 2)
                {
                    continue;
                }
                score += Bilinear(acf, x, y);
            }
        }
        return score;
    }

    private static LatticeCandidate Refine(float[] acf, LatticeCandidate start)
    {
        var best = start with { Score = LatticeScore(acf, start.Waxel, start.Theta, 3) };
        double periodStep = start.Waxel * 0.004;
        double angleStep = 0.004;
        for (int round = 0; round < 3; round++)
        {
            var centre = best;
            for (int i = -4; i <= 4; i++)
            {
                for (int j = -4; j <= 4; j++)
                {
                    double p = centre.Waxel + i * periodStep;
                    double a = centre.Theta + j * angleStep;
                    double s = LatticeScore(acf, p, a, 3);
                    if (s > best.Score)
                    {
                        best = new LatticeCandidate(p, a, s);
                    }
                }
            }
            periodStep /= 3;
            angleStep /= 3;
        }
        return best;
    }

    private static double AngleDistance(double a, double b)
    {
        double d = Math.Abs(a - b) % (Math.PI / 2);
        return Math.Min(d, Math.PI / 2 - d);
    }

    private static float At(float[] acf, int dx, int dy) => acf[((dy + N) & (N - 1)) * N + ((dx + N) & (N - 1))];

    private static double Bilinear(float[] acf, double x, double y)
    {
        int ix = (int)Math.Floor(x);
        int iy = (int)Math.Floor(y);
        double fx = x - ix;
        double fy = y - iy;
        double top = At(acf, ix, iy) * (1 - fx) + At(acf, ix + 1, iy) * fx;
        double bottom = At(acf, ix, iy + 1) * (1 - fx) + At(acf, ix + 1, iy + 1) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}

/// <summary>A lattice hypothesis: waxel size (plane pixels), rotation (radians) and its autocorrelation score.</summary>
internal readonly record struct LatticeCandidate(double Waxel, double Theta, double Score);
