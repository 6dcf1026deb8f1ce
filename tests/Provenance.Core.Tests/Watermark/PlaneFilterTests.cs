using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Watermark;

/// <summary>
/// The plane filters against straightforward definitions, and their vector loops against their scalar loops
/// (which must agree exactly: the embedder's output may not depend on the machine's vector width).
/// </summary>
public class PlaneFilterTests
{
    [Theory]
    [InlineData(37, 23, 1)]
    [InlineData(64, 80, 2)]
    [InlineData(5, 9, 3)]
    [InlineData(300, 7, 8)]
    public void BoxBlurMatchesTheDefinitionAndItsScalarLoop(int width, int height, int radius)
    {
        using var plane = RandomPlane(width, height, width * 31 + height);
        var expected = Reference(plane, radius);
        using var vector = new FloatPlane(width, height);
        using var scalar = new FloatPlane(width, height);
        PlaneFilters.BoxBlur(plane, vector, radius, useVectors: true);
        PlaneFilters.BoxBlur(plane, scalar, radius, useVectors: false);
        Assert.True(vector.Span.SequenceEqual(scalar.Span));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], vector.Span[i], 3e-4);
        }
        // In place as well.
        PlaneFilters.BoxBlur(plane, plane, radius, useVectors: true);
        Assert.True(vector.Span.SequenceEqual(plane.Span));
    }

    [Theory]
    [InlineData(37, 23, 2, 2)]
    [InlineData(64, 80, 1, 3)]
    [InlineData(300, 7, 8, 2)]
    [InlineData(9, 3, 2, 4)]
    public void TheOnePassWhiteningGivesExactlyWhatTheSeparateFiltersGive(int width, int height, int residualRadius, int normalizeRadius)
    {
        using var plane = RandomPlane(width, height, width * 17 + height);
        // The separate filters over whole planes: plane - box mean, then the box mean of its square.
        using var expectedResidual = new FloatPlane(width, height);
        PlaneFilters.BoxBlur(plane, expectedResidual, residualRadius, useVectors: true);
        VectorOps.Subtract(expectedResidual.Span, plane.Span, expectedResidual.Span, useVectors: true);
        using var expectedEnergy = new FloatPlane(width, height);
        VectorOps.Square(expectedEnergy.Span, expectedResidual.Span, useVectors: true);
        PlaneFilters.BoxBlur(expectedEnergy, expectedEnergy, normalizeRadius, useVectors: true);
        foreach (bool useVectors in new[] { true, false })
        {
            using var residual = new FloatPlane(width, height);
            using var energy = new FloatPlane(width, height);
            Whitening.HighPassAndEnergy(plane, residual, energy, residualRadius, normalizeRadius, normalize: false, useVectors);
            Assert.True(residual.Span.SequenceEqual(expectedResidual.Span));
            Assert.True(energy.Span.SequenceEqual(expectedEnergy.Span));
        }
        // Normalised (the detector's front end): the residual divided by its local RMS.
        using var normalised = Whitening.Residual(plane, residualRadius, normalizeRadius);
        VectorOps.DivideByRms(expectedResidual.Span, expectedEnergy.Span, Whitening.Floor, VectorOps.Enabled);
        Assert.True(normalised.Span.SequenceEqual(expectedResidual.Span));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LumaIsTheExactBlockMeanOnEveryPath(int factor)
    {
        using var rgb = ProjectCodecs.Load(TestFiles.Photo("butterfly.jpg"));
        using var rgba = ImageFrame.Allocate(rgb.Width, rgb.Height, PixelFormat.Rgba32);
        for (int p = 0, q = 0; p < rgb.Pixels.Length; p += 3, q += 4)
        {
            rgba.Pixels[q] = rgb.Pixels[p];
            rgba.Pixels[q + 1] = rgb.Pixels[p + 1];
            rgba.Pixels[q + 2] = rgb.Pixels[p + 2];
            rgba.Pixels[q + 3] = (byte)(p % 253);
        }
        foreach (var frame in new[] { rgb, rgba })
        {
            using var vector = PlaneFilters.Luma(frame, factor, useVectors: true);
            using var scalar = PlaneFilters.Luma(frame, factor, useVectors: false);
            Assert.True(vector.Span.SequenceEqual(scalar.Span));
            int bpp = frame.BytesPerPixel;
            for (int y = 0; y < vector.Height; y += 7)
            {
                for (int x = 0; x < vector.Width; x += 5)
                {
                    int sum = 0;
                    for (int dy = 0; dy < factor; dy++)
                    {
                        var row = frame.Row(y * factor + dy);
                        for (int dx = 0; dx < factor; dx++)
                        {
                            int p = (x * factor + dx) * bpp;
                            sum += 77 * row[p] + 150 * row[p + 1] + 29 * row[p + 2];
                        }
                    }
                    Assert.Equal(sum * (1f / (256f * factor * factor)), vector.Row(y)[x]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 203, 37)]
    [InlineData(2, 203, 37)]
    [InlineData(2, 64, 8)]
    [InlineData(1, 15, 3)]
    [InlineData(3, 47, 10)]
    public void EightBitSamplesReduceToTheSamePlaneAsTheirSixteenBitLuma(int factor, int width, int height)
    {
        using var samples = new LumaPlane(width, height);
        new Random(width + factor).NextBytes(samples.Samples);
        samples.Samples[0] = 255;
        using var widened = PlaneFilters.Luma(new SixteenBitOnly(samples), factor, useVectors: false);
        foreach (bool useVectors in new[] { true, false })
        {
            using var direct = PlaneFilters.Luma(samples, factor, useVectors);
            Assert.True(widened.Span.SequenceEqual(direct.Span), $"vectors: {useVectors}");
        }
    }

    // Hides ILumaSamples, so that the filters read the 16-bit luma.
    private sealed class SixteenBitOnly(ILumaImage image) : ILumaImage
    {
        public int Width => image.Width;

        public int Height => image.Height;

        public int SamplesPerPixel => image.SamplesPerPixel;

        public void ReadLuma(int y, Span<ushort> luma, bool useVectors) => image.ReadLuma(y, luma, useVectors);

        public long AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors) => throw new NotSupportedException();
    }

    [Fact]
    public void BlockSumsAreTheLumaOfTheirFourPixelsAtEveryRowLength()
    {
        var random = new Random(5);
        foreach (int bytesPerPixel in new[] { 3, 4 })
        {
            for (int width = 2; width <= 70; width++)
            {
                // Rows exactly as long as their pixels: the vector loop's 16-byte loads must stop inside them.
                var top = new byte[width * bytesPerPixel];
                var bottom = new byte[width * bytesPerPixel];
                random.NextBytes(top);
                random.NextBytes(bottom);
                top[0] = bottom[^1] = 255;
                foreach (bool useVectors in new[] { true, false })
                {
                    var sums = new int[width / 2];
                    Bt601Luma.BlockSums(top, bottom, bytesPerPixel, sums, useVectors);
                    for (int x = 0; x < sums.Length; x++)
                    {
                        int expected = 0;
                        foreach (var row in new[] { top, bottom })
                        {
                            for (int p = 2 * x * bytesPerPixel; p < (2 * x + 2) * bytesPerPixel; p += bytesPerPixel)
                            {
                                expected += 77 * row[p] + 150 * row[p + 1] + 29 * row[p + 2];
                            }
                        }
                        Assert.True(expected == sums[x], $"{bytesPerPixel} bytes per pixel, width {width}, vectors {useVectors}, block {x}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ElementWiseOperationsAgreeWithTheirScalarLoops()
    {
        var random = new Random(3);
        for (int n = 0; n < 40; n++)
        {
            var a = RandomArray(random, n);
            var b = RandomArray(random, n);
            var energy = RandomArray(random, n).Select(Math.Abs).ToArray();
            foreach (var (name, op) in new (string, Action<float[], bool>)[]
            {
                ("add", (d, v) => VectorOps.Add(d, a, v)),
                ("add scaled", (d, v) => VectorOps.AddScaled(d, a, 0.37f, v)),
                ("lerp", (d, v) => VectorOps.Lerp(d, a, b, 0.61f, v)),
                ("subtract", (d, v) => VectorOps.Subtract(d, a, b, v)),
                ("square", (d, v) => VectorOps.Square(d, a, v)),
                ("divide by rms", (d, v) => VectorOps.DivideByRms(d, energy, 1f, v)),
            })
            {
                var vector = (float[])b.Clone();
                var scalar = (float[])b.Clone();
                op(vector, true);
                op(scalar, false);
                Assert.True(vector.AsSpan().SequenceEqual(scalar), $"{name}, n = {n}");
            }
        }
    }

    private static float[] RandomArray(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 40 - 20)).ToArray();

    private static FloatPlane RandomPlane(int width, int height, int seed)
    {
        var random = new Random(seed);
        var plane = new FloatPlane(width, height);
        for (int i = 0; i < plane.Length; i++)
        {
            plane.Span[i] = (float)(random.NextDouble() * 255);
        }
        return plane;
    }

    // The definition: mean over the (2r+1)^2 window, coordinates clamped to the plane, in double.
    private static double[] Reference(FloatPlane src, int radius)
    {
        int w = src.Width, h = src.Height;
        var result = new double[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double sum = 0;
                for (int dy = -radius; dy <= radius; dy++)
                {
                    for (int dx = -radius; dx <= radius; dx++)
                    {
                        sum += src.Span[Math.Clamp(y + dy, 0, h - 1) * w + Math.Clamp(x + dx, 0, w - 1)];
                    }
                }
                result[y * w + x] = sum / ((2 * radius + 1) * (2 * radius + 1));
            }
        }
        return result;
    }
}
