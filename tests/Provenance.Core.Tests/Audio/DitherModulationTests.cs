using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

/// <summary>The audio mark's building blocks: dither modulation and the masking bounds.</summary>
public sealed class DitherModulationTests
{
    [Fact]
    public void A_shifted_feature_reads_as_its_bit_and_the_shift_is_at_most_half_a_step()
    {
        var rng = new Random(5);
        const double step = 0.8;
        for (int i = 0; i < 2000; i++)
        {
            double feature = (rng.NextDouble() - 0.5) * 20;
            double dither = rng.NextDouble();
            int bit = rng.Next(2);
            double shift = DitherModulation.Shift(feature, dither, bit, step);
            Assert.InRange(Math.Abs(shift), 0, (step / 2) + 1e-9);
            double soft = DitherModulation.Soft(feature + shift, dither, step);
            Assert.Equal(bit == 0 ? 1.0 : -1.0, soft, 9);
            // A quarter step of noise still reads the right sign; the reading does not depend on the host value.
            Assert.True((bit == 0 ? 1 : -1) * DitherModulation.Soft(feature + shift + (0.2 * step), dither, step) > 0);
        }
    }

    [Fact]
    public void Unmarked_features_read_with_mean_zero_and_variance_one_half()
    {
        // What the detector's pilot z-score assumes: for a feature the mark never touched, the keyed dither makes
        // the soft reading's mean 0 and variance 1/2, whatever the audio.
        var rng = new Random(11);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double feature = Math.Exp(rng.NextDouble() * 3) - 2;  // skewed host values
            double soft = DitherModulation.Soft(feature, rng.NextDouble(), 0.8);
            sum += soft;
            sq += soft * soft;
        }
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(sq / n, 0.49, 0.51);
    }

    [Fact]
    public void The_mask_leaves_silence_alone_and_lets_a_quiet_band_beside_a_loud_one_move_more()
    {
        const int bands = 6;
        // One slot: a loud band 1, a quiet band 2 beside it, a quiet band 5 far away, silent bands 0, 3 and 4.
        var cells = new double[] { 0, 1000, 1, 0, 0, 1 };
        var (lower, upper) = PsychoacousticMask.Bounds(cells, bands, spreadDbPerBand: 8, offsetDb: 6);
        Assert.Equal(0f, upper[0]);
        Assert.Equal(0f, lower[3]);
        Assert.True(upper[2] > upper[5], $"beside the loud band {upper[2]}, far from it {upper[5]}");
        Assert.True(upper[1] > 0 && lower[1] < 0);
        Assert.All(upper, u => Assert.InRange(u, 0f, 1.2f));
    }
}
