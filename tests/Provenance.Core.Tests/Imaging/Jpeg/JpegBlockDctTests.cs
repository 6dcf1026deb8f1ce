using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Tests.Imaging.Jpeg;

/// <summary>
/// The shaper's vectorised block transforms must give exactly the scalar definition's doubles: a shaped pixel is
/// rounded from them, so a last-bit difference could move a pixel and the harness's figures with it.
/// </summary>
public sealed class JpegBlockDctTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Vector_transforms_equal_the_scalar_definition_bit_for_bit(int seed)
    {
        var random = new Random(seed);
        var vector = new double[64];
        var scalar = new double[64];
        var scratch = new double[64];
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < 64; i++)
            {
                vector[i] = scalar[i] = round % 2 == 0 ? random.Next(-128, 128) : (random.NextDouble() - 0.5) * 40;
            }
            JpegBlockDct.Forward(vector, scratch);
            JpegBlockDct.ForwardScalar(scalar);
            Assert.Equal(scalar, vector);
            JpegBlockDct.Inverse(vector, scratch);
            JpegBlockDct.InverseScalar(scalar);
            Assert.Equal(scalar, vector);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_sparse_inverse_gives_the_full_inverse_samples(int seed)
    {
        var random = new Random(seed);
        var full = new double[64];
        var sparse = new double[64];
        var scratch = new double[64];
        for (int round = 0; round < 500; round++)
        {
            // A few coefficients, as a shaped block has (the DC and those the input codes), up to every one.
            int count = round % 10 == 9 ? 64 : random.Next(0, 8);
            ulong nonZero = 0;
            Array.Clear(full);
            for (int n = 0; n < count; n++)
            {
                int k = count == 64 ? n : random.Next(64);
                nonZero |= 1UL << k;
                full[k] = round % 2 == 0 ? random.Next(-40, 41) : (random.NextDouble() - 0.5) * 80;
            }
            // A bit may be set over a zero coefficient too: the shaper marks what the input codes, not what is non-zero.
            nonZero |= round % 3 == 0 ? 1UL << random.Next(64) : 0;
            full.CopyTo(sparse, 0);
            JpegBlockDct.Inverse(full, scratch);
            JpegBlockDct.InverseSparse(sparse, nonZero, scratch);
            for (int i = 0; i < 64; i++)
            {
                // ==, not Equals: a zero's sign may differ (a zero term adds nothing else), and -0 == +0.
                Assert.True(full[i] == sparse[i], $"round {round}, sample {i}: {full[i]:R} against {sparse[i]:R}");
            }
        }
    }

    [Fact]
    public void Each_half_of_the_forward_transform_is_the_full_transforms_half()
    {
        var random = new Random(4);
        var samples = new double[64];
        var full = new double[64];
        var halves = new double[64];
        var scratch = new double[64];
        for (int round = 0; round < 300; round++)
        {
            for (int i = 0; i < 64; i++)
            {
                samples[i] = full[i] = random.Next(-128, 128);
            }
            JpegBlockDct.Forward(full, scratch);
            JpegBlockDct.ForwardHalf(samples, halves, scratch, upperHalf: false);
            JpegBlockDct.ForwardHalf(samples, halves, scratch, upperHalf: true);
            for (int k = 0; k < 64; k++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(full[k]), BitConverter.DoubleToInt64Bits(halves[k]));
            }
        }
    }

    [Fact]
    public void Forward_then_inverse_returns_the_block_and_a_flat_block_is_its_dc()
    {
        var block = new double[64];
        var scratch = new double[64];
        Array.Fill(block, 10.0);
        JpegBlockDct.Forward(block, scratch);
        // Orthonormal: a flat block of 10 has DC 8 x 10 and nothing else.
        Assert.Equal(80, block[0], 9);
        for (int k = 1; k < 64; k++)
        {
            Assert.Equal(0, block[k], 9);
        }
        var random = new Random(7);
        var samples = new double[64];
        for (int i = 0; i < 64; i++)
        {
            samples[i] = block[i] = random.Next(-128, 128);
        }
        JpegBlockDct.Forward(block, scratch);
        JpegBlockDct.Inverse(block, scratch);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(samples[i], block[i], 9);
        }
    }

    [Fact]
    public void A_horizontal_cosine_lands_on_its_horizontal_frequency()
    {
        // Row-major samples varying along x only: energy at [v = 0, u = 3], i.e. index 3, not 24.
        var block = new double[64];
        var scratch = new double[64];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                block[y * 8 + x] = 50 * Math.Cos((2 * x + 1) * 3 * Math.PI / 16);
            }
        }
        JpegBlockDct.Forward(block, scratch);
        Assert.True(Math.Abs(block[3]) > 100);
        Assert.Equal(0, block[24], 9);
    }
}
