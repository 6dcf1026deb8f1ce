using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// A cheap test for the sync template, run before the detector's full search (spectral analysis, angle and size
/// hypotheses, polishing), which is what makes an unmarked image expensive: most uploads carry no mark, and the
/// search costs about 30 decodes of the image before it says "missing".
///
/// The statistic is the template's energy in a small spectrum: the residual is box-decimated so that the expected
/// waxel is 1.45..2.9 pixels, a window of at most 256 x 256 is tapered and transformed, the power is whitened as the
/// full analysis does (so a flat floor is about 1), and every (waxel size, angle) on a coarse grid (0.6..2 times
/// the expected size, all angles modulo 90 degrees) is scored by the mean whitened power at its twelve template
/// frequencies, each clipped at <see cref="Clip"/>. The clip is why it works on real photos: a regular structure
/// (a facade's windows) gives a few very strong host lines, and without the clip one of them coinciding with one
/// template frequency would score like a faint mark; the template's lines come as a set of twelve.
/// The score is the grid's maximum. Calibration (docs/watermark.md, "Presence gate") set the threshold between the
/// clean and the marked scores; the gate judges only images of 1024 px and more (<see cref="MinFactor"/>).
/// </summary>
internal static class PresenceTest
{
    /// <summary>Largest transform side: a quarter of the full analysis's area.</summary>
    public const int MaxTransform = 256;

    /// <summary>
    /// Smallest luma averaging factor (<see cref="TileGeometry.DetectionFactor"/>) at which the test is trusted: with
    /// a shorter side of 1024 px or more the detector's plane averages the host's texture down while the mark's
    /// waxels survive, and every marked image the search recovered scored well above every clean one; on smaller
    /// images the two overlapped (even on the full analysis's 512 x 512 spectrum), so they are always searched.
    /// </summary>
    public const int MinFactor = 2;

    /// <summary>Whitened power above which a template line counts no more (the floor is about 1).</summary>
    public const double Clip = 6;

    // Sizes relative to the expected one. The gate judges images of 1024 px and more, whose expected waxel follows
    // their size; a pattern smaller than 0.6 of it would need a mark drawn below the expected size, which only a
    // small image's floor (2.5 px) produces, and those images are not judged. Larger: crops (1.41 at half the area).
    private const double MinRelativeScale = 0.6;
    private const double MaxRelativeScale = 2.0;
    private const double ScaleStep = 0.02;  // log2 units: half a bin of radial travel at the highest line
    private const double AngleStep = 1.0;   // degrees

    /// <summary>
    /// The presence score of a whitened residual whose unmodified mark would have waxels of
    /// <paramref name="expectedWaxel"/> plane pixels; +infinity when the plane is too small to judge (the caller
    /// then runs the search as before).
    /// </summary>
    public static double Score(FloatPlane residual, double expectedWaxel) => Measure(residual, expectedWaxel).Clipped;

    /// <summary>The clipped score and, for calibration, the same maximum without the clip.</summary>
    public static (double Clipped, double Unclipped) Measure(FloatPlane residual, double expectedWaxel)
    {
        // Waxels of 1.45..2.9 pixels after decimation: the template's highest line at 0.6 of the expected size stays
        // below Nyquist, and the window covers as much of the plane as 256 samples can. Not 1.5..3: the expected
        // waxel of an image whose detection plane is 512-524 px (a 1024 x 1024 image, a 4128 x 2752 photo scaled by
        // 1.5) is a rung just under 3 plane pixels, so it was not decimated, and the window held half the plane's
        // width, 2.7 tiles: a 4128 x 2752 photo marked at 43 dB and scaled by 1.5 scored 2.08 there (5.0 unscaled)
        // and was reported missing although the search finds it at pilot 10.7.
        int decimation = Math.Max(1, (int)Math.Floor(expectedWaxel / 1.45));
        using var plane = decimation == 1 ? null : PlaneFilters.Downsample(residual, decimation);
        var source = plane ?? residual;
        if (Math.Min(source.Width, source.Height) < 32)
        {
            return (double.PositiveInfinity, double.PositiveInfinity);
        }
        using var power = SpectralSync.WhitenedPower(source, MaxTransform);
        return GridMaximum(power, expectedWaxel / decimation);
    }

    /// <summary>
    /// The mean square of the whitened residual: about 1 where the picture has texture (the residual is divided by
    /// its local RMS) and near 0 where it is flat (the division's floor keeps flat areas small), so this is roughly
    /// the share of the plane that carries anything. A plane that an attack clipped flat (a dark frame pushed to
    /// black) or that a codec wiped carries no pattern either, and a low presence score there says nothing about the
    /// clip: the video gate does not judge such planes.
    /// </summary>
    public static double Activity(FloatPlane residual)
    {
        double sum = 0;
        for (int y = 0; y < residual.Height; y++)
        {
            foreach (float v in residual.Row(y))
            {
                sum += v * v;
            }
        }
        return sum / ((double)residual.Width * residual.Height);
    }

    /// <summary>The grid's maximum of the clipped and of the unclipped mean line power.</summary>
    internal static (double Clipped, double Unclipped) GridMaximum(SpectralSync.Spectrum power, double expected)
    {
        var directions = Directions.Value;
        int lineCount = SyncTemplate.Frequencies.Length;
        double logMin = Math.Log2(expected * MinRelativeScale);
        double logMax = Math.Log2(expected * MaxRelativeScale);
        int scales = (int)Math.Ceiling((logMax - logMin) / ScaleStep) + 1;
        var data = power.Data;
        int width = power.Width, height = power.Height;
        int maskX = width - 1, maskY = height - 1;
        float halfWidth = width / 2 - 1;
        float halfHeight = height / 2 - 1;
        float clip = (float)Clip;
        double bestClipped = 0, bestRaw = 0;
        for (int s = 0; s < scales; s++)
        {
            // Bins per (cycle per tile) along each axis at this waxel size.
            double scale = 1.0 / (TileLayout.Size * Math.Pow(2, logMin + s * ScaleStep));
            float sx = (float)(scale * width), sy = (float)(scale * height);
            for (int d = 0; d < directions.Length; d += 2 * lineCount)
            {
                float clipped = 0, raw = 0;
                int lines = 0;
                for (int k = 0; k < 2 * lineCount; k += 2)
                {
                    float kx = directions[d + k] * sx;
                    float ky = directions[d + k + 1] * sy;
                    if (MathF.Abs(kx) >= halfWidth || MathF.Abs(ky) >= halfHeight)
                    {
                        continue;
                    }
                    // Bilinear interpolation of the power between the four surrounding bins (indices wrap: the
                    // spectrum has DC at 0 and negative frequencies at the top).
                    float fx = MathF.Floor(kx), fy = MathF.Floor(ky);
                    int ix = (int)fx, iy = (int)fy;
                    float wx = kx - fx, wy = ky - fy;
                    int row0 = (iy & maskY) * width, row1 = ((iy + 1) & maskY) * width;
                    int col0 = ix & maskX, col1 = (ix + 1) & maskX;
                    float top = data[row0 + col0] + (data[row0 + col1] - data[row0 + col0]) * wx;
                    float bottom = data[row1 + col0] + (data[row1 + col1] - data[row1 + col0]) * wx;
                    float p = top + (bottom - top) * wy;
                    clipped += MathF.Min(p, clip);
                    raw += p;
                    lines++;
                }
                // Half the lines at least: near the band edge a size is judged on too few lines to mean anything.
                if (lines >= lineCount / 2)
                {
                    bestClipped = Math.Max(bestClipped, clipped / lines);
                    bestRaw = Math.Max(bestRaw, raw / lines);
                }
            }
        }
        return (bestClipped, bestRaw);
    }

    /// <summary>
    /// For every angle of the grid, the twelve template frequencies (cycles per tile) turned by it, as (x, y)
    /// pairs: the grid's angles are the same for every image, so the trigonometry is done once.
    /// </summary>
    private static readonly Lazy<float[]> Directions = new(() =>
    {
        var frequencies = SyncTemplate.Frequencies;
        int angles = (int)Math.Round(90 / AngleStep);
        var table = new float[angles * frequencies.Length * 2];
        int i = 0;
        for (int a = 0; a < angles; a++)
        {
            double theta = (-45 + a * AngleStep) * Math.PI / 180;
            double cos = Math.Cos(theta), sin = Math.Sin(theta);
            foreach (var (m, n) in frequencies)
            {
                table[i++] = (float)(m * cos - n * sin);
                table[i++] = (float)(m * sin + n * cos);
            }
        }
        return table;
    });
}
