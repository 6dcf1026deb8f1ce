using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark.Evaluation;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The harness's delay search (coarse lags on summed samples, then every lag near the best at full rate) finds the
/// exact delay of a shifted recording at the rates it meets, a codec's priming delay being the case it exists for.
/// </summary>
public sealed class DelayAlignmentTests
{
    [Theory]
    [InlineData(16_000, 1, 0)]
    [InlineData(44_100, 2, 1_105)]
    [InlineData(48_000, 1, 2_047)]
    [InlineData(192_000, 2, 7_777)]
    [InlineData(192_000, 1, 11)]
    public void The_delay_of_a_shifted_recording_is_found_exactly(int rate, int channels, int delay)
    {
        var before = Noise(rate, channels, seconds: 6, seed: rate + delay);
        // The same sound arriving `delay` frames late (a codec's priming samples in front).
        var late = new float[before.Samples.Length];
        Array.Copy(before.Samples, 0, late, delay * channels, before.Samples.Length - (delay * channels));

        Assert.Equal(delay, DelayAlignment.Delay(before, new PcmAudio(late, channels, rate)));
    }

    [Fact]
    public void An_early_recording_gets_a_negative_delay()
    {
        var before = Noise(44_100, 1, seconds: 6, seed: 5);
        var early = before.Samples[333..].Concat(new float[333]).ToArray();

        Assert.Equal(-333, DelayAlignment.Delay(before, new PcmAudio(early, 1, 44_100)));
    }

    // Noise through a one-pole low-pass, as music's spectrum falls with frequency: the correlation peak is a few
    // samples wide, narrower than a coarse step at the high rates.
    private static PcmAudio Noise(int rate, int channels, int seconds, int seed)
    {
        var random = new Random(seed);
        var samples = new float[rate * seconds * channels];
        var state = new float[channels];
        for (int i = 0; i < samples.Length; i++)
        {
            int c = i % channels;
            state[c] = (0.7f * state[c]) + (0.3f * (float)((random.NextDouble() * 2) - 1));
            samples[i] = state[c];
        }
        return new PcmAudio(samples, channels, rate);
    }
}
