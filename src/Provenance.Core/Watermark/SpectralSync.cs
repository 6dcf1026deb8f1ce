using System.Buffers;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Finds scale and rotation (modulo 90 degrees) from the sync template's twelve spectral lines. The residual is
/// box-decimated to about 2.2 pixels per expected waxel, a window of up to 512 x 512 is tapered (Hann) and
/// transformed,
/// and its power spectrum is whitened by the local mean power (so the host's steep spectrum, JPEG's block
/// lines and aliasing all become a flat floor of about 1). Every (waxel size, angle) on a grid is scored by the
/// summed whitened power at the twelve frequencies it predicts; the best few grid maxima are refined and returned.
/// </summary>
internal sealed class SpectralSync : IDisposable
{
    private const int MaxTransform = 512;

    private readonly Spectrum _power;
    private readonly int _decimation;
    private readonly double _expected;

    private SpectralSync(Spectrum power, int decimation, double expected)
    {
        _power = power;
        _decimation = decimation;
        _expected = expected;
    }

    /// <param name="expectedWaxel">Waxel size (plane pixels) an unmodified image of this size would carry.</param>
    public static SpectralSync? Analyze(FloatPlane residual, double expectedWaxel)
    {
        int decimation = Math.Max(1, (int)Math.Round(expectedWaxel / 2.2));
        using var plane = decimation == 1 ? null : PlaneFilters.Downsample(residual, decimation);
        var source = plane ?? residual;
        if (Math.Min(source.Width, source.Height) < 32)
        {
            return null;
        }
        return new SpectralSync(WhitenedPower(source, MaxTransform), decimation, expectedWaxel / decimation);
    }

    /// <summary>
    /// The best angle at each of the given waxel sizes (plane pixels): a crop or a rotation that crops keeps the
    /// pixel scale, so the size is one of a few ladder rungs and only the angle is unknown. A one-dimensional
    /// search has far fewer chances to be fooled by the host than the two-dimensional one.
    /// </summary>
    public List<SyncCandidate> AnglesAt(IReadOnlyList<double> waxels, int maxCandidates)
    {
        const double step = 0.25;
        int angles = (int)Math.Round(90 / step);
        var best = new List<(double Waxel, double Angle, double Score)>();
        double sum = 0, sumSq = 0;
        int count = 0;
        var row = new double[angles];
        foreach (double planeWaxel in waxels)
        {
            double waxel = planeWaxel / _decimation;
            for (int a = 0; a < angles; a++)
            {
                row[a] = Score(_power, waxel, (-45 + a * step) * Math.PI / 180);
                sum += row[a];
                sumSq += row[a] * row[a];
                count++;
            }
            int arg = 0;
            for (int a = 1; a < angles; a++)
            {
                if (row[a] > row[arg])
                {
                    arg = a;
                }
            }
            // Parabolic refinement of the angle.
            double left = row[(arg + angles - 1) % angles], right = row[(arg + 1) % angles];
            double d = left - 2 * row[arg] + right;
            double offset = d < 0 ? Math.Clamp(0.5 * (left - right) / d, -0.5, 0.5) : 0;
            best.Add((planeWaxel, -45 + (arg + offset) * step, row[arg]));
        }
        double mean = sum / count;
        double std = Math.Sqrt(Math.Max(sumSq / count - mean * mean, 1e-12));
        return best.OrderByDescending(b => b.Score).Take(maxCandidates)
            .Select(b => new SyncCandidate(b.Waxel, FoldAngle(b.Angle * Math.PI / 180), (b.Score - mean) / std)).ToList();
    }

    public void Dispose() => _power.Dispose();

    private static double FoldAngle(double theta) =>
        theta > Math.PI / 4 ? theta - Math.PI / 2 : theta <= -Math.PI / 4 ? theta + Math.PI / 2 : theta;
    private const int WhitenRadius = 8;
    private const int PeakRadius = 2;
    private const double ScaleStep = 0.012;      // log2 units, coarse grid
    private const double AngleStep = 1.0;        // degrees, coarse grid
    private const double MinRelativeScale = 0.4; // searched waxel sizes relative to the expected one
    private const double MaxRelativeScale = 2.0;

    /// <summary>Two-dimensional search over waxel size and angle; the best few maxima, refined.</summary>
    public List<SyncCandidate> Search(int maxCandidates)
    {
        var power = _power;
        int decimation = _decimation;
        double expected = _expected;
        double logMin = Math.Log2(expected * MinRelativeScale);
        double logMax = Math.Log2(expected * MaxRelativeScale);
        int scales = (int)Math.Ceiling((logMax - logMin) / ScaleStep) + 1;
        int angles = (int)Math.Round(90 / AngleStep);
        var grid = new float[scales * angles];
        double sum = 0, sumSq = 0;
        for (int s = 0; s < scales; s++)
        {
            double waxel = Math.Pow(2, logMin + s * ScaleStep);
            for (int a = 0; a < angles; a++)
            {
                double theta = (-45 + a * AngleStep) * Math.PI / 180;
                float score = (float)Score(power, waxel, theta);
                grid[s * angles + a] = score;
                sum += score;
                sumSq += score * score;
            }
        }
        int count = grid.Length;
        double mean = sum / count;
        double std = Math.Sqrt(Math.Max(sumSq / count - mean * mean, 1e-12));

        // Grid maxima (angle wraps at +-45 degrees), best first.
        var maxima = new List<(int S, int A, float V)>();
        for (int s = 0; s < scales; s++)
        {
            for (int a = 0; a < angles; a++)
            {
                float v = grid[s * angles + a];
                bool isMax = true;
                for (int ds = -1; ds <= 1 && isMax; ds++)
                {
                    int ss = s + ds;
                    if ((uint)ss >= (uint)scales)
                    {
                        continue;
                    }
                    for (int da = -1; da <= 1; da++)
                    {
                        if ((ds != 0 || da != 0) && grid[ss * angles + (a + da + angles) % angles] > v)
                        {
                            isMax = false;
                            break;
                        }
                    }
                }
                if (isMax)
                {
                    maxima.Add((s, a, v));
                }
            }
        }
        maxima.Sort((x, y) => y.V.CompareTo(x.V));

        var result = new List<SyncCandidate>();
        foreach (var (s, a, v) in maxima.Take(maxCandidates))
        {
            double bestLog = logMin + s * ScaleStep;
            double bestAngle = -45 + a * AngleStep;
            double best = v;
            // Refine on a grid four times finer, twice.
            double scaleStep = ScaleStep / 4;
            double angleStep = AngleStep / 4;
            for (int round = 0; round < 2; round++)
            {
                double centreLog = bestLog;
                double centreAngle = bestAngle;
                for (int i = -4; i <= 4; i++)
                {
                    for (int j = -4; j <= 4; j++)
                    {
                        double lg = centreLog + i * scaleStep;
                        double an = centreAngle + j * angleStep;
                        double score = Score(power, Math.Pow(2, lg), an * Math.PI / 180);
                        if (score > best)
                        {
                            (best, bestLog, bestAngle) = (score, lg, an);
                        }
                    }
                }
                scaleStep /= 4;
                angleStep /= 4;
            }
            double theta = FoldAngle(bestAngle * Math.PI / 180);
            result.Add(new SyncCandidate(Math.Pow(2, bestLog) * decimation, theta, (best - mean) / std));
        }
        return result;
    }

    /// <summary>Summed whitened power at the template frequencies for one waxel size (plane pixels) and angle.</summary>
    internal static double Score(Spectrum power, double waxel, double theta)
    {
        double scale = 1.0 / (TileLayout.Size * waxel);
        double cos = Math.Cos(theta) * scale;
        double sin = Math.Sin(theta) * scale;
        double score = 0;
        foreach (var (m, n) in SyncTemplate.Frequencies)
        {
            // Cycles per pixel, then bins.
            double kx = (m * cos - n * sin) * power.Width;
            double ky = (m * sin + n * cos) * power.Height;
            if (Math.Abs(kx) >= power.Width / 2 - 1 || Math.Abs(ky) >= power.Height / 2 - 1)
            {
                continue;
            }
            score += power.Bilinear(kx, ky);
        }
        return score;
    }

    /// <summary>
    /// Power spectrum of a Hann-tapered window of the plane (up to <paramref name="maxTransform"/> a side, centred,
    /// zero-padded to powers of two), divided by the mean power of a ring of bins around each bin.
    /// </summary>
    internal static Spectrum WhitenedPower(FloatPlane source, int maxTransform)
    {
        int wv = Math.Min(source.Width, maxTransform);
        int hv = Math.Min(source.Height, maxTransform);
        int nx = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)wv);
        int ny = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)hv);
        int size = nx * ny;
        var re = ArrayPool<float>.Shared.Rent(size);
        var im = ArrayPool<float>.Shared.Rent(size);
        var outer = ArrayPool<float>.Shared.Rent(size);
        var inner = ArrayPool<float>.Shared.Rent(size);
        Array.Clear(re, 0, size);
        Array.Clear(im, 0, size);
        int x0 = (source.Width - wv) / 2;
        int y0 = (source.Height - hv) / 2;
        double mean = 0;
        for (int y = 0; y < hv; y++)
        {
            foreach (float v in source.Row(y0 + y).Slice(x0, wv))
            {
                mean += v;
            }
        }
        float m = (float)(mean / (wv * hv));
        var taperX = new float[wv];
        for (int x = 0; x < wv; x++)
        {
            taperX[x] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * (x + 0.5) / wv));
        }
        for (int y = 0; y < hv; y++)
        {
            float ty = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * (y + 0.5) / hv));
            var src = source.Row(y0 + y).Slice(x0, wv);
            var dst = re.AsSpan(y * nx, wv);
            for (int x = 0; x < wv; x++)
            {
                dst[x] = (src[x] - m) * taperX[x] * ty;
            }
        }
        Fft.Transform2D(re, im, nx, ny, inverse: false);
        for (int i = 0; i < size; i++)
        {
            re[i] = re[i] * re[i] + im[i] * im[i];
        }
        // Local mean power over a square ring around each bin (the inner square, which holds a peak's own main
        // lobe, is left out so a strong line does not whiten itself away); circular running sums.
        BoxCircular(re, outer, nx, ny, WhitenRadius);
        BoxCircular(re, inner, nx, ny, PeakRadius);
        float outerArea = (2 * WhitenRadius + 1) * (2 * WhitenRadius + 1);
        float innerArea = (2 * PeakRadius + 1) * (2 * PeakRadius + 1);
        for (int i = 0; i < size; i++)
        {
            float ring = (outer[i] * outerArea - inner[i] * innerArea) / (outerArea - innerArea);
            re[i] = ring > 0 ? re[i] / ring : 0;
        }
        ArrayPool<float>.Shared.Return(im);
        ArrayPool<float>.Shared.Return(outer);
        ArrayPool<float>.Shared.Return(inner);
        return new Spectrum(re, nx, ny);
    }

    private static void BoxCircular(float[] src, float[] dst, int nx, int ny, int radius)
    {
        var temp = ArrayPool<float>.Shared.Rent(nx * ny);
        float inv = 1f / (2 * radius + 1);
        for (int y = 0; y < ny; y++)
        {
            int row = y * nx;
            double sum = 0;
            for (int k = -radius; k <= radius; k++)
            {
                sum += src[row + ((k + nx) & (nx - 1))];
            }
            for (int x = 0; x < nx; x++)
            {
                temp[row + x] = (float)(sum * inv);
                sum += src[row + ((x + radius + 1) & (nx - 1))] - src[row + ((x - radius + nx) & (nx - 1))];
            }
        }
        // The vertical pass keeps one running sum per column and walks the rows in order (memory order, instead
        // of a column at a time down the array); each column's sum sees the same additions in the same order.
        var sums = ArrayPool<double>.Shared.Rent(nx);
        Array.Clear(sums, 0, nx);
        for (int k = -radius; k <= radius; k++)
        {
            int row = ((k + ny) & (ny - 1)) * nx;
            for (int x = 0; x < nx; x++)
            {
                sums[x] += temp[row + x];
            }
        }
        for (int y = 0; y < ny; y++)
        {
            int row = y * nx;
            int enter = ((y + radius + 1) & (ny - 1)) * nx;
            int leave = ((y - radius + ny) & (ny - 1)) * nx;
            for (int x = 0; x < nx; x++)
            {
                dst[row + x] = (float)(sums[x] * inv);
                sums[x] += temp[enter + x] - temp[leave + x];
            }
        }
        ArrayPool<double>.Shared.Return(sums);
        ArrayPool<float>.Shared.Return(temp);
    }

    /// <summary>A whitened power spectrum, nx x ny bins, DC at index 0, in a pooled buffer.</summary>
    internal sealed class Spectrum(float[] power, int width, int height) : IDisposable
    {
        public void Dispose() => ArrayPool<float>.Shared.Return(power);

        public int Width { get; } = width;
        public int Height { get; } = height;

        /// <summary>The bins, row after row (the pooled buffer may be longer than Width x Height).</summary>
        public float[] Data => power;

        private float At(int kx, int ky) => power[((ky + Height) & (Height - 1)) * Width + ((kx + Width) & (Width - 1))];

        public double Bilinear(double x, double y)
        {
            int ix = (int)Math.Floor(x);
            int iy = (int)Math.Floor(y);
            double fx = x - ix;
            double fy = y - iy;
            double top = At(ix, iy) * (1 - fx) + At(ix + 1, iy) * fx;
            double bottom = At(ix, iy + 1) * (1 - fx) + At(ix + 1, iy + 1) * fx;
            return top * (1 - fy) + bottom * fy;
        }
    }
}

/// <summary>A geometric hypothesis: waxel size (plane pixels), rotation (radians) and its z-score on the search grid.</summary>
internal readonly record struct SyncCandidate(double Waxel, double Theta, double Score);
