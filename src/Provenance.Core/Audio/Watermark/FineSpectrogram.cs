using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Power spectra of a 16 kHz window at every sub-hop offset the detector tries (frames of
/// <see cref="MarkLayout.FrameLength"/> every <see cref="MarkLayout.Hop"/> / sub-hops samples, under the analysis
/// window of <see cref="BandEnergies"/>), kept as running sums over the bins so that the energy between two
/// fractional bin edges costs two lookups. It serves the detector's search twice:
/// <list type="bullet">
/// <item>with no speed change, band energies at sub-hop offset o are those of every sub-hops-th frame from
/// o / fine hop, between the bands' own edges: what <see cref="BandEnergies.Compute"/> gives at that offset, from the
/// same transforms;</item>
/// <item>for a speed candidate s (the window resampled by s), each frame of the resampled window is read from the
/// frame nearest its centre at t / s, between the edges e * s: an approximation (the frame is up to half a fine hop
/// off, and its length is not scaled) good enough to rank the candidates, which costs no resampling and no
/// transform, so that only the best few are searched exactly.</item>
/// </list>
/// </summary>
internal sealed class FineSpectrogram
{
    private readonly double[] _prefix;
    private readonly int _stride;
    private readonly int _windowLength;

    private FineSpectrogram(double[] prefix, int stride, int frames, int fineHop, int windowLength)
    {
        _prefix = prefix;
        _stride = stride;
        Frames = frames;
        FineHop = fineHop;
        _windowLength = windowLength;
    }

    public int Frames { get; }

    public int FineHop { get; }

    /// <summary>The spectra of <paramref name="window"/> every <paramref name="fineHop"/> samples, bins 0 to <paramref name="maxBin"/>.</summary>
    public static FineSpectrogram Compute(ReadOnlySpan<float> window, int fineHop, int maxBin)
    {
        const int n = MarkLayout.FrameLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(fineHop, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBin, n / 2);
        int frames = window.Length < n ? 0 : ((window.Length - n) / fineHop) + 1;
        int stride = maxBin + 2;
        var prefix = new double[frames * stride];
        var batch = new FrameBatch();
        for (int g0 = 0; g0 < frames; g0 += 2 * FrameBatch.Capacity)
        {
            int end = Math.Min(frames, g0 + (2 * FrameBatch.Capacity));
            batch.Clear();
            for (int g = g0; g < end; g += 2)
            {
                BandEnergies.LoadFramePair(batch, window, g * fineHop, g + 1 < frames ? (g + 1) * fineHop : -1);
            }
            batch.Transform(inverse: false);
            for (int g = g0, j = 0; g < end; g += 2, j++)
            {
                bool pair = g + 1 < frames;
                var first = prefix.AsSpan(g * stride, stride);
                var second = pair ? prefix.AsSpan((g + 1) * stride, stride) : default;
                double s0 = 0, s1 = 0;
                // Bin 0 (DC) has no mirror to unpack and lies under every band: it counts as nothing.
                for (int k = 0; k <= maxBin; k++)
                {
                    var (p0, p1) = k == 0 ? (0, 0) : batch.PairPower(j, k, k + 1);
                    first[k] = s0;
                    s0 += p0;
                    if (pair)
                    {
                        second[k] = s1;
                        s1 += p1;
                    }
                }
                first[maxBin + 1] = s0;
                if (pair)
                {
                    second[maxBin + 1] = s1;
                }
            }
        }
        return new FineSpectrogram(prefix, stride, frames, fineHop, window.Length);
    }

    /// <summary>
    /// Band energies, result[frame * bands + band], of the window resampled by <paramref name="stretch"/> analysed
    /// from sample <paramref name="offset"/> (a multiple of <see cref="FineHop"/>) every <see cref="MarkLayout.Hop"/>:
    /// exact at stretch 1, the approximation of the class remarks otherwise. Frames whose source frame lies past the
    /// window are left out.
    /// </summary>
    public float[] BandEnergiesAt(int offset, double stretch, int[] bandEdges)
    {
        const int n = MarkLayout.FrameLength;
        int bands = bandEdges.Length - 1;
        int stretchedLength = (int)Math.Round(_windowLength * stretch);
        int frames = BandEnergies.FrameCount(stretchedLength, offset);
        var energies = new List<float>(frames * bands);
        var lower = new double[bands];
        var upper = new double[bands];
        for (int b = 0; b < bands; b++)
        {
            lower[b] = bandEdges[b] * stretch;
            upper[b] = bandEdges[b + 1] * stretch;
        }
        int maxBin = _stride - 2;
        if (upper[^1] > maxBin + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stretch), stretch, "The stretched bands reach past the bins kept.");
        }
        for (int f = 0; f < frames; f++)
        {
            double centre = (offset + ((double)f * MarkLayout.Hop) + (n / 2)) / stretch;
            int g = (int)Math.Round((centre - (n / 2)) / FineHop);
            if (g < 0 || g >= Frames)
            {
                break;
            }
            var prefix = _prefix.AsSpan(g * _stride, _stride);
            for (int b = 0; b < bands; b++)
            {
                energies.Add((float)(Cumulative(prefix, upper[b]) - Cumulative(prefix, lower[b])));
            }
        }
        return energies.ToArray();
    }

    /// <summary>The power summed over bins below <paramref name="edge"/>, a fractional bin counting its share.</summary>
    private static double Cumulative(ReadOnlySpan<double> prefix, double edge)
    {
        int k = (int)edge;
        double below = prefix[k];
        double fraction = edge - k;
        return fraction == 0 ? below : below + (fraction * (prefix[k + 1] - below));
    }
}
