using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The detector's noise-floor reading: each band's floor comes from its quiet slots, subtracting it gives back the
/// log-energy difference a pair had before the noise, and cells the noise alone fills read as silent.
/// </summary>
public sealed class NoiseFloorTests
{
    [Fact]
    public void Subtracting_the_floor_undoes_the_compression_of_a_pair_by_steady_noise()
    {
        const int bands = 4, slots = 40;
        var noise = new[] { 1.0, 2.0, 0.5, 3.0 };
        var cells = new double[slots * bands];
        var signal = new double[slots * bands];
        for (int s = 0; s < slots; s++)
        {
            for (int b = 0; b < bands; b++)
            {
                // A pause every other slot (noise only); speech 5-60 times the noise in the others.
                signal[(s * bands) + b] = s % 2 == 0 ? 0 : noise[b] * (5 + ((s * 7 + b * 13) % 56));
                cells[(s * bands) + b] = signal[(s * bands) + b] + noise[b];
            }
        }
        var floor = NoiseFloor.Estimate(cells, bands, percentile: 0.1, scale: 1.0);
        Assert.Equal(noise, floor);
        var clean = NoiseFloor.Subtract(cells, floor, margin: 0.25);
        double compressed = 0;
        for (int s = 1; s < slots; s += 2)
        {
            double before = Math.Log(signal[s * bands]) - Math.Log(signal[(s * bands) + 1]);
            double noisy = Math.Log(cells[s * bands]) - Math.Log(cells[(s * bands) + 1]);
            double restored = Math.Log(clean[s * bands]) - Math.Log(clean[(s * bands) + 1]);
            Assert.Equal(before, restored, 9);
            compressed = Math.Max(compressed, Math.Abs(noisy - before));
        }
        // The noise did move the features (else this test would show nothing).
        Assert.True(compressed > 0.05, $"largest change by the noise {compressed}");
        for (int s = 0; s < slots; s += 2)
        {
            for (int b = 0; b < bands; b++)
            {
                Assert.Equal(0, clean[(s * bands) + b]);
            }
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(156, 16)]   // a 10 s window's slots and the 10th percentile
    [InlineData(157, 0)]
    [InlineData(157, 156)]
    [InlineData(40, 20)]
    public void Selection_gives_the_value_a_sort_puts_at_the_index(int length, int k)
    {
        var rng = new Random(length + k);
        for (int trial = 0; trial < 50; trial++)
        {
            // Few distinct values in half the trials, so that runs of equal values meet the pivot.
            var values = Enumerable.Range(0, length)
                .Select(_ => trial % 2 == 0 ? rng.NextDouble() : rng.Next(4)).ToArray();
            var sorted = values.Order().ToArray();
            Assert.Equal(sorted[k], NoiseFloor.Select(values, k));
        }
    }

    [Fact]
    public void Selection_stays_within_an_array_holding_nan()
    {
        var values = new[] { double.NaN, 3, 1, double.NaN, 2, double.NaN, 0 };
        for (int k = 0; k < values.Length; k++)
        {
            // Any element will do; what matters is no exception and no endless loop on a hostile file's samples.
            double picked = NoiseFloor.Select(values.ToArray(), k);
            Assert.True(double.IsNaN(picked) || values.Contains(picked));
        }
    }
}
