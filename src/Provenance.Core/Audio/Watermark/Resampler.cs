using System.Numerics;

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
    /// <remarks>
    /// Each output sample is a dot product of the input with the kernel at that sample's fractional position. The
    /// kernel is tabulated once per call at <see cref="BankPhases"/> fractional positions per input sample (a bank
    /// of contiguous tap vectors, built from <see cref="Table"/>), and an output blends the dot products of the two
    /// nearest phases linearly: the inner loop is a vectorised multiply-add over contiguous memory instead of a
    /// table lookup and interpolation per tap. On 60 s of 44.1 kHz music this took the audio Sign's resampling from
    /// most of its time to a small share (docs/audio.md, "Cost").
    /// </remarks>
    public static float[] Resample(ReadOnlySpan<float> input, double ratio)
    {
        var output = new float[OutputLength(input.Length, ratio)];
        Resample(input, ratio, 0, output);
        return output;
    }

    /// <summary>How many samples <see cref="Resample(ReadOnlySpan{float}, double)"/> makes of <paramref name="inputLength"/>.</summary>
    public static int OutputLength(int inputLength, double ratio)
    {
        if (!(ratio is > 1e-3 and < 1e3))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The resampling ratio must lie in (0.001, 1000).");
        }
        return (int)Math.Round(inputLength * ratio);
    }

    /// <summary>
    /// Output samples [<paramref name="firstOutput"/>, <paramref name="firstOutput"/> + output.Length) of
    /// <see cref="Resample(ReadOnlySpan{float}, double)"/>, each the same float as there: an output sample depends only
    /// on its position and the input, so a caller may produce a long output piece by piece (Sign hands the encoder the
    /// first seconds while it marks the rest).
    /// </summary>
    public static void Resample(ReadOnlySpan<float> input, double ratio, int firstOutput, Span<float> output) =>
        Resample(input, 0, input.Length, ratio, firstOutput, output);

    /// <summary>
    /// As <see cref="Resample(ReadOnlySpan{float}, double, int, Span{float})"/> on an input of
    /// <paramref name="inputLength"/> samples of which only <paramref name="window"/>, the samples from
    /// <paramref name="windowStart"/> on, is at hand: the same floats, as long as the window covers every input sample
    /// within <see cref="InputReach"/> of the outputs asked for (else it throws). The embedder plans a long input a
    /// segment at a time this way, without a copy of each whole channel.
    /// </summary>
    public static void Resample(ReadOnlySpan<float> window, int windowStart, int inputLength, double ratio, int firstOutput, Span<float> output)
    {
        int outLength = OutputLength(inputLength, ratio);
        if (firstOutput < 0 || firstOutput > outLength - output.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(firstOutput), "The range asked for lies outside the output.");
        }
        if (inputLength == 0 || output.Length == 0)
        {
            return;
        }
        // Below 1 the kernel widens (in input samples) so that its cut-off sits under the output's Nyquist frequency.
        double scale = Math.Min(1.0, ratio) * Cutoff;
        double step = 1.0 / ratio;
        var bank = new KernelBank(ZeroCrossings / scale, scale * Phases);
        int taps = bank.Taps;
        int reach = bank.Reach;
        int needFrom = Math.Max(0, (int)Math.Floor(firstOutput * step) - reach + 1);
        int needTo = Math.Min(inputLength, (int)Math.Floor((firstOutput + output.Length - 1) * step) - reach + 1 + taps);
        if (windowStart < 0 || window.Length > inputLength - windowStart || needFrom < windowStart || needTo > windowStart + window.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window does not cover the input the outputs asked for need.");
        }
        int last = inputLength - 1;
        for (int k = 0; k < output.Length; k++)
        {
            int o = firstOutput + k;
            double x = o * step;
            int whole = (int)Math.Floor(x);
            double position = (x - whole) * BankPhases;
            int phase = Math.Min((int)position, BankPhases - 1);
            float blend = (float)(position - phase);
            int first = whole - reach + 1;
            float near, far;
            if (first >= 0 && first + taps <= inputLength)
            {
                var span = window.Slice(first - windowStart, taps);
                near = Dot(span, bank.Phase(phase));
                far = Dot(span, bank.Phase(phase + 1));
            }
            else
            {
                near = EdgeDot(window, windowStart, first, bank.Phase(phase), last);
                far = EdgeDot(window, windowStart, first, bank.Phase(phase + 1), last);
            }
            output[k] = (float)((near + (blend * (far - near))) * scale);
        }
    }

    /// <summary>How many input samples either side of an output's position its value depends on, at most.</summary>
    public static int InputReach(double ratio) => (int)Math.Ceiling(ZeroCrossings / (Math.Min(1.0, ratio) * Cutoff)) + 2;

    /// <summary>Fractional positions per input sample at which the kernel is tabulated for one call.</summary>
    private const int BankPhases = 256;

    private static float Dot(ReadOnlySpan<float> window, ReadOnlySpan<float> kernel)
    {
        int width = Vector<float>.Count;
        var sum = Vector<float>.Zero;
        int i = 0;
        for (; i <= window.Length - width; i += width)
        {
            sum += new Vector<float>(window.Slice(i, width)) * new Vector<float>(kernel.Slice(i, width));
        }
        float total = Vector.Sum(sum);
        for (; i < window.Length; i++)
        {
            total += window[i] * kernel[i];
        }
        return total;
    }

    /// <summary>The dot product near either end, where part of the window lies outside the input (zeros there).</summary>
    private static float EdgeDot(ReadOnlySpan<float> window, int windowStart, int first, ReadOnlySpan<float> kernel, int last)
    {
        float total = 0;
        for (int j = 0; j < kernel.Length; j++)
        {
            int k = first + j;
            if ((uint)k <= (uint)last)
            {
                total += window[k - windowStart] * kernel[j];
            }
        }
        return total;
    }

    /// <summary>
    /// The kernel at <see cref="BankPhases"/> + 1 fractional positions: phase p holds, for the output at input
    /// position i + p / BankPhases, the weights of inputs i - Reach + 1 .. i - Reach + Taps (zero past the kernel's
    /// reach), as <see cref="Table"/> gives them.
    /// </summary>
    private sealed class KernelBank
    {
        private readonly float[] _weights;

        public KernelBank(double halfWidth, double tableStep)
        {
            Reach = (int)Math.Ceiling(halfWidth) + 1;
            Taps = 2 * Reach;
            _weights = new float[(BankPhases + 1) * Taps];
            for (int p = 0; p <= BankPhases; p++)
            {
                double fraction = (double)p / BankPhases;
                for (int j = 0; j < Taps; j++)
                {
                    // Distance from the output's position to input i - Reach + 1 + j.
                    double pos = Math.Abs(fraction + Reach - 1 - j) * tableStep;
                    int idx = (int)pos;
                    if (idx >= Table.Length - 1)
                    {
                        continue;
                    }
                    double frac = pos - idx;
                    _weights[(p * Taps) + j] = (float)(Table[idx] + ((Table[idx + 1] - Table[idx]) * frac));
                }
            }
        }

        public int Reach { get; }

        public int Taps { get; }

        public ReadOnlySpan<float> Phase(int p) => _weights.AsSpan(p * Taps, Taps);
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
