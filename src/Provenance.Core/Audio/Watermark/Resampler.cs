namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Band-limited resampling by any ratio: a Kaiser-windowed sinc (beta 8, 16 zero crossings a side at the lower of
/// the two rates' Nyquist frequencies, cut-off at 95% of it), read from a table of 256 phases per zero crossing with
/// linear interpolation. The watermark uses it to bring any input to its internal 16 kHz, to carry its 16 kHz mark
/// back to the input's rate, and to undo a speed change in the detector's search. Quality far beyond what a mark
/// 30 dB under the signal needs (stop-band below -70 dB).
/// </summary>
internal static class Resampler
{
    private const int ZeroCrossings = 16;
    private const int Phases = 256;
    private const double Cutoff = 0.95;
    private const double Beta = 8.0;
    private static readonly float[] Table = BuildTable();

    /// <summary>
    /// Resamples <paramref name="input"/> so that <paramref name="ratio"/> output samples span one input sample's
    /// time (ratio = output rate / input rate). The output has round(length * ratio) samples.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> input, double ratio)
    {
        if (!(ratio is > 1e-3 and < 1e3))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The resampling ratio must lie in (0.001, 1000).");
        }
        int outLength = (int)Math.Round(input.Length * ratio);
        var output = new float[outLength];
        if (input.Length == 0 || outLength == 0)
        {
            return output;
        }
        // Below 1 the kernel widens (in input samples) so that its cut-off sits under the output's Nyquist frequency.
        double scale = Math.Min(1.0, ratio) * Cutoff;
        double halfWidth = ZeroCrossings / scale;
        double step = 1.0 / ratio;
        double tableStep = scale * Phases;
        int last = input.Length - 1;
        for (int o = 0; o < outLength; o++)
        {
            double x = o * step;
            int first = (int)Math.Ceiling(x - halfWidth);
            int end = (int)Math.Floor(x + halfWidth);
            double sum = 0;
            for (int k = first; k <= end; k++)
            {
                if ((uint)k > (uint)last)
                {
                    continue;
                }
                double pos = Math.Abs(x - k) * tableStep;
                int idx = (int)pos;
                if (idx >= Table.Length - 1)
                {
                    continue;
                }
                double frac = pos - idx;
                double w = Table[idx] + ((Table[idx + 1] - Table[idx]) * frac);
                sum += input[k] * w;
            }
            output[o] = (float)(sum * scale);
        }
        return output;
    }

    /// <summary>Resamples from one rate to another (Hz).</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate) =>
        fromRate == toRate ? input.ToArray() : Resample(input, (double)toRate / fromRate);

    // Table[i] = sinc(u) * kaiser(u / ZeroCrossings) at u = i / Phases, u in [0, ZeroCrossings].
    private static float[] BuildTable()
    {
        int n = (ZeroCrossings * Phases) + 2;
        var table = new float[n];
        double norm = BesselI0(Beta);
        for (int i = 0; i < n; i++)
        {
            double u = (double)i / Phases;
            double sinc = u == 0 ? 1.0 : Math.Sin(Math.PI * u) / (Math.PI * u);
            double r = u / ZeroCrossings;
            double window = r >= 1 ? 0 : BesselI0(Beta * Math.Sqrt(1 - (r * r))) / norm;
            table[i] = (float)(sinc * window);
        }
        return table;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 50; k++)
        {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum)
            {
                break;
            }
        }
        return sum;
    }
}
