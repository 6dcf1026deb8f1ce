using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Finds the pilot in a fold: circular cross-correlation (FFT, 64 x 64) of the fold, in its four 90-degree
/// orientations, with the pilot chips rendered at fold resolution. The highest peak gives the orientation and the
/// translation (sub-bin, by a parabola through the peak); its z-score over all 4 x 4096 positions is the
/// detection score.
/// </summary>
internal sealed class PilotCorrelator
{
    private const int N = TileFolder.Size;
    private readonly float[] _templateRe = new float[N * N];
    private readonly float[] _templateIm = new float[N * N];

    /// <summary>The reference is the pilot chips, high-passed as drawn. The sync template is left out: twelve
    /// sinusoids correlate with themselves at many shifts, and those sidelobes would swamp the z-score.</summary>
    public PilotCorrelator(TileLayout layout, float chipHighPass)
        : this(layout, chipHighPass, 0)
    {
    }

    /// <param name="templateWeight">When positive, the sync template (RMS 1 per chip) is added to the reference with
    /// this weight per chip (<see cref="WithTemplate"/>).</param>
    private PilotCorrelator(TileLayout layout, float chipHighPass, float templateWeight)
    {
        Span<float> pilot = stackalloc float[TileLayout.Chips];
        ChipFilter.Apply(layout.Pilot, pilot, chipHighPass);
        if (templateWeight > 0)
        {
            var template = layout.Sync.Chips;
            for (int c = 0; c < pilot.Length; c++)
            {
                pilot[c] += templateWeight * template[c];
            }
        }
        var re = new float[N * N];
        var im = new float[N * N];
        RenderAtFoldResolution(pilot, re);
        Fft.ForwardToTransposed(re, im, _templateRe, _templateIm, N, N);
    }

    /// <summary>
    /// A correlator whose reference is the pilot plus the sync template in the proportion they are drawn (the
    /// template carries <paramref name="syncEnergy"/> of a tile's energy, the pilot its share of the rest). Its
    /// z-scores are lower on a strong mark (the template's twelve sinusoids correlate with themselves at many
    /// shifts), but on a weak one, where low-pass attacks (a small image halved) leave the template's low
    /// frequencies and take the pilot's high-passed chips, its peak is where the pilot alone no longer finds one.
    /// </summary>
    public static PilotCorrelator WithTemplate(TileLayout layout, float chipHighPass, float syncEnergy)
    {
        // The drawn template's RMS per chip is sqrt(e / (1 - e)) times the RMS of the filtered symbols, which is
        // the filtered pilot's RMS on its own chips (both are +-1 symbols through the same filter).
        Span<float> pilot = stackalloc float[TileLayout.Chips];
        ChipFilter.Apply(layout.Pilot, pilot, chipHighPass);
        double sumSq = 0;
        int count = 0;
        for (int c = 0; c < pilot.Length; c++)
        {
            if (layout.Pilot[c] != 0)
            {
                sumSq += pilot[c] * pilot[c];
                count++;
            }
        }
        float weight = (float)(Math.Sqrt(syncEnergy / (1 - syncEnergy)) * Math.Sqrt(sumSq / Math.Max(count, 1)));
        return new PilotCorrelator(layout, chipHighPass, weight);
    }

    /// <summary>Renders chips (32 x 32) as the continuous pattern sampled at the fold's bin centres.</summary>
    public static void RenderAtFoldResolution(ReadOnlySpan<float> chips, Span<float> dst)
    {
        Span<int> first = stackalloc int[N];
        Span<int> second = stackalloc int[N];
        Span<float> weight = stackalloc float[N];
        ChipShape.Axis(N, TileFolder.Oversample, first, second, weight);
        for (int by = 0; by < N; by++)
        {
            for (int bx = 0; bx < N; bx++)
            {
                float top = chips[first[by] * TileLayout.Size + first[bx]] * (1 - weight[bx]) + chips[first[by] * TileLayout.Size + second[bx]] * weight[bx];
                float bottom = chips[second[by] * TileLayout.Size + first[bx]] * (1 - weight[bx]) + chips[second[by] * TileLayout.Size + second[bx]] * weight[bx];
                dst[by * N + bx] = top * (1 - weight[by]) + bottom * weight[by];
            }
        }
    }

    public PilotMatch Locate(ReadOnlySpan<float> fold, PilotWorkspace work)
    {
        double sum = 0;
        double sumSq = 0;
        float best = float.NegativeInfinity;
        int bestOrientation = 0;
        int bestIndex = 0;
        var surfaces = work.Surfaces;
        fold.CopyTo(surfaces[0]);
        for (int k = 1; k < 4; k++)
        {
            TileFolder.Rotate90(surfaces[k - 1], surfaces[k]);
        }
        // Two orientations per complex transform: the correlations of real inputs are real, so one comes back in
        // the real part and the other in the imaginary part (half the transforms of one per orientation).
        CorrelatePair(surfaces[0], surfaces[1], work);
        CorrelatePair(surfaces[2], surfaces[3], work);
        for (int k = 0; k < 4; k++)
        {
            var surface = surfaces[k];
            for (int i = 0; i < surface.Length; i++)
            {
                float v = surface[i];
                sum += v;
                sumSq += (double)v * v;
                if (v > best)
                {
                    best = v;
                    bestOrientation = k;
                    bestIndex = i;
                }
            }
        }
        int count = 4 * N * N;
        double mean = sum / count;
        double std = Math.Sqrt(Math.Max(sumSq / count - mean * mean, 1e-30));
        var peak = work.Surfaces[bestOrientation];
        int px = bestIndex % N;
        int py = bestIndex / N;
        double dx = px + Parabola(peak[py * N + ((px + N - 1) % N)], peak[bestIndex], peak[py * N + ((px + 1) % N)]);
        double dy = py + Parabola(peak[((py + N - 1) % N) * N + px], peak[bestIndex], peak[((py + 1) % N) * N + px]);
        return new PilotMatch(bestOrientation, dx, dy, (best - mean) / std, best);
    }

    /// <summary>
    /// Correlation at one orientation only, maximum within two bins of a known peak position (used while
    /// refining a hypothesis: small geometric changes move the peak little, and a global maximum would chase noise).
    /// </summary>
    public float PeakAt(ReadOnlySpan<float> fold, int orientation, double nearX, double nearY, PilotWorkspace work)
    {
        var surfaces = work.Surfaces;
        fold.CopyTo(surfaces[0]);
        for (int k = 1; k <= orientation; k++)
        {
            TileFolder.Rotate90(surfaces[k - 1], surfaces[k]);
        }
        var surface = surfaces[orientation];
        Array.Clear(work.Scratch);
        CorrelatePair(surface, work.Scratch, work);
        float best = float.NegativeInfinity;
        int cx = (int)Math.Round(nearX);
        int cy = (int)Math.Round(nearY);
        for (int dy = -2; dy <= 2; dy++)
        {
            int row = ((cy + dy) & (N - 1)) * N;
            for (int dx = -2; dx <= 2; dx++)
            {
                best = Math.Max(best, surface[row + ((cx + dx) & (N - 1))]);
            }
        }
        return best;
    }

    // surface(d) = sum_b fold(b + d) * template(b): the fold is the template shifted by the argmax d. Computes it
    // in place for two folds at once (first and second are overwritten with their surfaces).
    private void CorrelatePair(float[] first, float[] second, PilotWorkspace work)
    {
        var re = work.SpectrumRe;
        var im = work.SpectrumIm;
        Fft.ForwardToTransposed(first, second, re, im, N, N);
        for (int i = 0; i < re.Length; i++)
        {
            float r = re[i] * _templateRe[i] + im[i] * _templateIm[i];
            float imag = im[i] * _templateRe[i] - re[i] * _templateIm[i];
            re[i] = r;
            im[i] = imag;
        }
        Fft.InverseFromTransposed(re, im, first, second, N, N);
    }

    private static double Parabola(float left, float centre, float right)
    {
        double denominator = left - 2 * centre + right;
        return denominator < 0 ? Math.Clamp(0.5 * (left - right) / denominator, -0.5, 0.5) : 0;
    }
}

/// <summary>Where the pilot sits in a fold: orientation (quarter turns), sub-bin shift, z-score and raw peak.</summary>
internal readonly record struct PilotMatch(int Orientation, double ShiftX, double ShiftY, double Score, double Peak);

/// <summary>Scratch buffers for one detection (not shared between threads).</summary>
internal sealed class PilotWorkspace
{
    private const int N = TileFolder.Size;

    public float[][] Surfaces { get; } = [new float[N * N], new float[N * N], new float[N * N], new float[N * N]];
    public float[] Scratch { get; } = new float[N * N];
    public float[] SpectrumRe { get; } = new float[N * N];
    public float[] SpectrumIm { get; } = new float[N * N];
    public float[] Fold { get; } = new float[N * N];
    public int[] Counts { get; } = new int[N * N];
}
