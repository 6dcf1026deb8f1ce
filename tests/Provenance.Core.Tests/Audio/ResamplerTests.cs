using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The resampler against the filter it implements, evaluated directly: a Kaiser-windowed sinc (beta 8, 16 zero
/// crossings, cut-off at 95% of the lower Nyquist frequency) summed over every input sample in reach. The resampler
/// reads the kernel from tables and blends neighbouring phases; the difference must stay far under a mark 30 dB
/// below the signal.
/// </summary>
public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44_100, 16_000)]
    [InlineData(16_000, 44_100)]
    [InlineData(48_000, 16_000)]
    [InlineData(16_000, 48_000)]
    [InlineData(22_050, 16_000)]
    public void Matches_the_windowed_sinc_it_approximates(int from, int to)
    {
        var input = Noise(3000, seed: from + to);
        var output = Resampler.Resample(input, from, to);
        AssertMatchesDirect(input, (double)to / from, output);
    }

    [Theory]
    [InlineData(1.0035)]
    [InlineData(1 / 1.021)]
    [InlineData(0.5)]
    public void Matches_at_any_ratio(double ratio)
    {
        var input = Noise(3000, seed: 7);
        AssertMatchesDirect(input, ratio, Resampler.Resample(input, ratio));
    }

    [Fact]
    public void Ends_are_computed_as_if_the_input_were_zero_outside()
    {
        // Every output near either end reads past the input (the direct sum skips those taps); a constant input stays
        // constant in the middle.
        var ones = Enumerable.Repeat(1f, 400).ToArray();
        var output = Resampler.Resample(ones, 1.5);
        AssertMatchesDirect(ones, 1.5, output);
        Assert.InRange(output[300], 0.999f, 1.001f);
    }

    [Theory]
    [InlineData(44_100, 16_000)]
    [InlineData(16_000, 44_100)]
    [InlineData(16_000, 22_050)]
    public void A_range_of_the_output_is_the_same_floats_as_the_whole(int from, int to)
    {
        // Sign renders the mark a second at a time while the encoder takes the seconds before: the pieces must add up
        // to exactly the whole, near both ends too.
        var input = Noise(5000, seed: 11);
        double ratio = (double)to / from;
        var whole = Resampler.Resample(input, ratio);
        var pieces = new float[whole.Length];
        for (int first = 0, size = 1; first < whole.Length; first += size, size = (size * 7 % 613) + 1)
        {
            int count = Math.Min(size, whole.Length - first);
            Resampler.Resample(input, ratio, first, pieces.AsSpan(first, count));
        }
        Assert.Equal(whole, pieces);
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(input, ratio, whole.Length - 2, new float[3]));
    }

    [Theory]
    [InlineData(44_100, 16_000)]
    [InlineData(16_000, 48_000)]
    public void A_window_of_the_input_gives_the_floats_of_the_whole_input(int from, int to)
    {
        // The embedder plans a long input a segment at a time from a window of each channel.
        var input = Noise(6000, seed: 12);
        double ratio = (double)to / from;
        var whole = Resampler.Resample(input, ratio);
        int reach = Resampler.InputReach(ratio);
        foreach (var (first, count) in new[] { (0, 40), (700, 900), (whole.Length - 50, 50) })
        {
            int windowStart = Math.Max(0, (int)Math.Floor(first / ratio) - reach);
            int windowEnd = Math.Min(input.Length, (int)Math.Ceiling((first + count) / ratio) + reach + 1);
            var piece = new float[count];
            Resampler.Resample(input.AsSpan(windowStart, windowEnd - windowStart), windowStart, input.Length, ratio, first, piece);
            Assert.Equal(whole.AsSpan(first, count).ToArray(), piece);
        }
        // A window that misses input an output needs is refused rather than read as silence.
        int middle = whole.Length / 2, start = (int)(middle / ratio);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Resampler.Resample(input.AsSpan(start, 200), start, input.Length, ratio, middle, new float[10]));
    }

    private static void AssertMatchesDirect(float[] input, double ratio, float[] output)
    {
        Assert.Equal((int)Math.Round(input.Length * ratio), output.Length);
        double scale = Math.Min(1.0, ratio) * 0.95;
        double reach = 16 / scale;
        double error = 0, energy = 0;
        for (int o = 0; o < output.Length; o++)
        {
            double x = o / ratio;
            double sum = 0;
            for (int k = (int)Math.Ceiling(x - reach); k <= (int)Math.Floor(x + reach); k++)
            {
                if (k >= 0 && k < input.Length)
                {
                    sum += input[k] * Kernel(Math.Abs(x - k) * scale);
                }
            }
            double expected = sum * scale;
            error += (output[o] - expected) * (output[o] - expected);
            energy += expected * expected;
        }
        double snr = 10 * Math.Log10(energy / error);
        Assert.True(snr > 70, $"resampler against the direct sum: {snr:0.0} dB");
    }

    private static double Kernel(double u)
    {
        if (u >= 16)
        {
            return 0;
        }
        double sinc = u == 0 ? 1 : Math.Sin(Math.PI * u) / (Math.PI * u);
        double r = u / 16;
        return sinc * BesselI0(8 * Math.Sqrt(1 - (r * r))) / BesselI0(8);
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 60; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    private static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2) - 1);
        }
        return samples;
    }
}
