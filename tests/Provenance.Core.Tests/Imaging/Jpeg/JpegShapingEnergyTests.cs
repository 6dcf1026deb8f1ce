using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Tests.Imaging.Jpeg;

/// <summary>The shaper's energy sums four blocks side by side against the one-block loop, bit for bit.</summary>
public sealed class JpegShapingEnergyTests
{
    [Fact]
    public void Side_by_side_sums_equal_the_one_block_loop()
    {
        if (!Avx.IsSupported)
        {
            return; // Sums needs AVX, and the shaper only calls it with AVX
        }
        var random = new Random(5);
        var changes = new double[JpegShapingEnergy.Blocks * 64];
        var coded = new double[changes.Length];
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < changes.Length; i++)
            {
                changes[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 3));
                coded[i] = random.Next(4) == 0 ? 1 : 0;
            }
            JpegShapingEnergy.Sums(changes, coded, out var kept, out var removed);
            for (int j = 0; j < JpegShapingEnergy.Blocks; j++)
            {
                double keptOne = 0, removedOne = 0;
                for (int k = 1; k < 64; k++)
                {
                    double energy = changes[j * 64 + k] * changes[j * 64 + k];
                    keptOne += energy * coded[j * 64 + k];
                    removedOne += energy - energy * coded[j * 64 + k];
                }
                Assert.Equal(BitConverter.DoubleToInt64Bits(keptOne), BitConverter.DoubleToInt64Bits(kept.GetElement(j)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(removedOne), BitConverter.DoubleToInt64Bits(removed.GetElement(j)));
            }
        }
    }
}
