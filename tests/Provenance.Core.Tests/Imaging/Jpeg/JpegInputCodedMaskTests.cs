using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Tests.Imaging.Jpeg;

/// <summary>
/// The shaper transforms a captured block's high horizontal frequencies only when the low ones leave energy enough
/// there for a coded coefficient (JpegMarkShaper.InputCodedMask); its mask must be the full transform's, bit for bit,
/// above all for blocks whose high coefficients sit about half a step, where the energy bound decides.
/// </summary>
public sealed class JpegInputCodedMaskTests
{
    [Theory]
    [InlineData(75)]
    [InlineData(90)]
    [InlineData(95)]
    public void The_mask_is_the_full_transforms_either_way(int quality)
    {
        var table = JpegQualityEstimator.LuminanceTable(quality);
        var halfSteps = new double[64];
        for (int k = 0; k < 64; k++)
        {
            halfSteps[k] = table[k] / 2.0;
        }
        double limit = JpegMarkShaper.UpperHalfEnergyLimit(halfSteps);
        var random = new Random(quality);
        var samples = new double[64];
        var coefficients = new double[64];
        var full = new double[64];
        var scratch = new double[64];
        var coded = new double[64];
        int skipped = 0, transformed = 0;
        for (int round = 0; round < 4000; round++)
        {
            // A smooth ramp plus one high horizontal frequency: a third of the blocks with it at the least half step of
            // the high half and within a few per cent of it (where the energy bound is tight), a third anywhere in the
            // high half about its own half step, a third well under the least one.
            int u = random.Next(4, 8), v = random.Next(8);
            double scale = 0.6 + 0.8 * random.NextDouble();
            double tilt = random.Next(-6, 7);
            if (round % 3 == 0)
            {
                (u, v) = LeastUpperStep(halfSteps);
                scale = 0.95 + 0.13 * random.NextDouble();
                tilt = 0;
            }
            else if (round % 3 == 1)
            {
                scale = 0.2 + 0.5 * random.NextDouble();
                tilt = random.Next(-1, 2) * 0.25;
            }
            double target = halfSteps[v * 8 + u] * scale * (random.Next(2) * 2 - 1);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++)
                {
                    double wave = target * Basis(u, x) * Basis(v, y);
                    samples[y * 8 + x] = full[y * 8 + x] = round < 16
                        ? PurePattern(round, x, y)
                        : Math.Clamp(Math.Round(tilt * (x + y) + wave), -128, 127);
                }
            }
            JpegBlockDct.ForwardScalar(full);
            ulong expected = 0;
            for (int k = 0; k < 64; k++)
            {
                expected |= Math.Round(full[k] / table[k]) != 0 ? 1UL << k : 0;
            }
            ulong mask = JpegMarkShaper.InputCodedMask(samples, halfSteps, limit, coefficients, scratch, coded);
            Assert.Equal(expected, mask);
            for (int k = 0; k < 64; k++)
            {
                Assert.Equal((expected >> k & 1) != 0 ? 1.0 : 0.0, coded[k]);
            }
            // The branch taken: upper half left zero, or transformed.
            if (coefficients[4] == 0 && coefficients[5] == 0 && coefficients[63] == 0)
            {
                skipped++;
            }
            else
            {
                transformed++;
            }
        }
        Assert.True(skipped > 100 && transformed > 100, $"skipped {skipped}, transformed {transformed}");
    }

    /// <summary>
    /// Whole-number blocks with a single high coefficient and nothing else in the high half: a × (+ − − + + − − +)
    /// along x is 8a at (0, 4), and times the same along y, 8a at (4, 4) (the DC offset leaves the high half alone).
    /// </summary>
    private static double PurePattern(int round, int x, int y)
    {
        int a = 1 + round % 8;
        int sign(int i) => ((i + 1) / 2) % 2 == 0 ? 1 : -1;
        return 10 + a * sign(x) * (round < 8 ? 1 : sign(y));
    }

    private static (int U, int V) LeastUpperStep(double[] halfSteps)
    {
        int best = 4;
        for (int k = 0; k < 64; k++)
        {
            if (k % 8 >= 4 && halfSteps[k] < halfSteps[best])
            {
                best = k;
            }
        }
        return (best % 8, best / 8);
    }

    private static double Basis(int frequency, int position) =>
        (frequency == 0 ? Math.Sqrt(0.125) : 0.5) * Math.Cos((2 * position + 1) * frequency * Math.PI / 16);
}
