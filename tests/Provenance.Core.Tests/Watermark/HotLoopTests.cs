using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Watermark;

/// <summary>
/// The detector's and embedder's fast loops (folding, chip readout, the pixel write) against per-pixel reference
/// implementations written the plain way, and their vector loops against their scalar loops.
/// </summary>
public class HotLoopTests
{
    [Theory]
    [InlineData(3.1, 0.0)]
    [InlineData(2.73, 0.0)]
    [InlineData(3.1, 0.052)]
    [InlineData(4.4, -0.7)]
    public void FoldingMatchesThePerPixelDefinition(double waxel, double theta)
    {
        using var plane = RandomPlane(203, 157, 11);
        var expected = new float[TileFolder.Size * TileFolder.Size];
        var expectedCounts = new int[expected.Length];
        ReferenceFold(plane, waxel, theta, expected, expectedCounts);
        var vector = new float[expected.Length];
        var scalar = new float[expected.Length];
        var counts = new int[expected.Length];
        var scalarCounts = new int[expected.Length];
        TileFolder.Fold(plane, waxel, theta, vector, counts, useVectors: true);
        TileFolder.Fold(plane, waxel, theta, scalar, scalarCounts, useVectors: false);
        Assert.Equal(expectedCounts, counts);
        Assert.Equal(expectedCounts, scalarCounts);
        for (int i = 0; i < expected.Length; i++)
        {
            // Same bins, same pixels; only the order of the float additions may differ.
            Assert.Equal(expected[i], vector[i], 1e-4);
            Assert.Equal(expected[i], scalar[i], 1e-4);
        }
    }

    [Theory]
    [InlineData(3.1, 0.0, 0)]
    [InlineData(3.1, 0.0, 1)]
    [InlineData(2.73, 0.0, 2)]
    [InlineData(2.73, 0.0, 3)]
    [InlineData(3.1, 0.052, 1)]
    [InlineData(4.4, -0.7, 3)]
    public void ChipReadoutMatchesThePerPixelDefinition(double waxel, double theta, int orientation)
    {
        using var plane = RandomPlane(211, 149, 5);
        var match = new PilotMatch(orientation, 17.3, 40.8, 9, 1);
        var expected = new float[TileLayout.Chips];
        ReferenceRead(plane, waxel, theta, match, expected);
        var vector = new float[TileLayout.Chips];
        var scalar = new float[TileLayout.Chips];
        ChipReader.Read(plane, waxel, theta, match, vector, useVectors: true);
        ChipReader.Read(plane, waxel, theta, match, scalar, useVectors: false);
        Assert.True(vector.AsSpan().SequenceEqual(scalar));
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], vector[i], 2e-5 * scale);
        }
    }

    [Fact]
    public void TheFastFootprintIsTheRaisedCosine()
    {
        for (int k = 0; k <= 1000; k++)
        {
            float f = Math.Min(k / 1000f, 0.99999994f);
            Assert.Equal(ChipShape.Footprint(f), ChipShape.FootprintFast(f), 2e-7);
        }
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Rgba32)]
    public void ThePixelWriteAgreesWithItsScalarLoopAndClampsLikeIt(PixelFormat format)
    {
        using var photo = ProjectCodecs.Load(TestFiles.Photo("fruits.jpg"));
        const int width = 133;
        using var frame = ImageFrame.Allocate(width, 3, format);
        var random = new Random(9);
        int bpp = frame.BytesPerPixel;
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < bpp; c++)
                {
                    // Include saturated bytes so that clamping happens.
                    frame.Row(y)[x * bpp + c] = c < 3 && random.Next(6) == 0 ? (byte)(random.Next(2) * 255) : photo.Row(y)[(x * 3 + c) % photo.Stride];
                }
            }
        }
        // Row 0: small deltas; row 1: large ones (some beyond the vector path's +-127); row 2: all zero.
        int[][] deltas =
        [
            Enumerable.Range(0, width).Select(_ => random.Next(-9, 10)).ToArray(),
            Enumerable.Range(0, width).Select(_ => random.Next(-300, 301)).ToArray(),
            new int[width],
        ];
        for (int y = 0; y < 3; y++)
        {
            var vectorRow = frame.Row(y).ToArray();
            var scalarRow = frame.Row(y).ToArray();
            long vectorError = LumaDelta.Apply(vectorRow, bpp, deltas[y], useVectors: true);
            long scalarError = LumaDelta.Apply(scalarRow, bpp, deltas[y], useVectors: false);
            Assert.Equal(scalarRow, vectorRow);
            Assert.Equal(scalarError, vectorError);
            long expectedError = 0;
            var original = frame.Row(y);
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < bpp; c++)
                {
                    int old = original[x * bpp + c];
                    int want = c < 3 ? Math.Clamp(old + deltas[y][x], 0, 255) : old;
                    Assert.Equal(want, vectorRow[x * bpp + c]);
                    expectedError += (want - old) * (want - old);
                }
            }
            Assert.Equal(expectedError, vectorError);
        }
    }

    [Fact]
    public void QuantisingAndTheStrengthSumsAgreeWithTheirScalarLoops()
    {
        var random = new Random(4);
        var pattern = Enumerable.Range(0, 1001).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        // Include exact ties (x.5), which round to even on both paths.
        pattern[3] = 0.5f;
        pattern[4] = 1.5f;
        pattern[5] = -2.5f;
        var vector = new int[pattern.Length];
        var scalar = new int[pattern.Length];
        LumaDelta.Quantise(pattern, 1f, vector, useVectors: true);
        LumaDelta.Quantise(pattern, 1f, scalar, useVectors: false);
        Assert.Equal(scalar, vector);
        Assert.Equal(new[] { 0, 2, -2 }, vector[3..6]);
        foreach (float strength in new[] { 0.3f, 1.7f, 9.25f })
        {
            double v = LumaDelta.SumOfSquares(pattern, strength, useVectors: true);
            double s = LumaDelta.SumOfSquares(pattern, strength, useVectors: false);
            Assert.Equal(s, v);
            Assert.Equal(pattern.Sum(p => Math.Pow(MathF.Round(strength * p), 2)), s);
        }
    }

    [Theory]
    [InlineData(203, 5, 0.3f)]
    [InlineData(64, 31, 0.0f)]
    [InlineData(7, 12, 1.0f)]
    public void WeighingIntoChipLinesIsWeighingEachPixelThenAddingIt(int width, int chip, float chipWeight)
    {
        using var host = RandomPlane(width, 1, 1);
        using var pattern = RandomPlane(width, 1, 2);
        var hostEnergy = host.Span.ToArray().Select(v => v * v * 3).ToArray();
        var patternEnergy = pattern.Span.ToArray().Select(v => v * v).ToArray();
        const float strength = 2.5f;
        var lines = new Dictionary<bool, (float[] Host, float[] Mark)>();
        foreach (bool useVectors in new[] { true, false })
        {
            var hostLines = Enumerable.Range(0, TileLayout.Size * width).Select(i => i * 0.01f).ToArray();
            var markLines = hostLines.Select(v => -v).ToArray();
            InformedEmbedding.WeighIntoLines(host.Span, hostEnergy, patternEnergy, pattern.Span, strength, hostLines, markLines,
                chip, chipWeight, useVectors);
            lines[useVectors] = (hostLines, markLines);
        }
        Assert.Equal(lines[false].Host, lines[true].Host);
        Assert.Equal(lines[false].Mark, lines[true].Mark);
        int next = (chip + 1) % TileLayout.Size;
        for (int x = 0; x < width; x++)
        {
            float weight = 1f / MathF.Sqrt(hostEnergy[x] + strength * strength * patternEnergy[x] + Whitening.Floor);
            float hostWeighted = host.Span[x] * weight;
            float markWeighted = strength * pattern.Span[x] * weight;
            Assert.Equal((chip * width + x) * 0.01f + chipWeight * hostWeighted, lines[false].Host[chip * width + x]);
            Assert.Equal((next * width + x) * 0.01f + (1 - chipWeight) * hostWeighted, lines[false].Host[next * width + x]);
            Assert.Equal(-(chip * width + x) * 0.01f + chipWeight * markWeighted, lines[false].Mark[chip * width + x]);
            Assert.Equal(-(next * width + x) * 0.01f + (1 - chipWeight) * markWeighted, lines[false].Mark[next * width + x]);
        }
    }

    private static FloatPlane RandomPlane(int width, int height, int seed)
    {
        var random = new Random(seed);
        var plane = new FloatPlane(width, height);
        for (int i = 0; i < plane.Length; i++)
        {
            plane.Span[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return plane;
    }

    // Every pixel into its bin, in raster order, as the fold is defined (row start in double, steps in float).
    private static void ReferenceFold(FloatPlane residual, double waxel, double theta, float[] fold, int[] counts)
    {
        const int size = TileFolder.Size;
        const double offset = size * 4096.0;
        int width = residual.Width, height = residual.Height;
        double cos = Math.Cos(theta) * TileFolder.Oversample / waxel;
        double sin = Math.Sin(theta) * TileFolder.Oversample / waxel;
        float cosF = (float)cos, sinF = (float)sin;
        for (int y = 0; y < height; y++)
        {
            double ry = y + 0.5 - height * 0.5;
            double rx = 0.5 - width * 0.5;
            float u0 = (float)(rx * cos + ry * sin + offset);
            float v0 = (float)(-rx * sin + ry * cos + offset);
            for (int x = 0; x < width; x++)
            {
                int bin = (((int)(v0 - x * sinF) & (size - 1)) << 6) | ((int)(u0 + x * cosF) & (size - 1));
                fold[bin] += residual.Row(y)[x];
                counts[bin]++;
            }
        }
        double mean = 0;
        for (int i = 0; i < fold.Length; i++)
        {
            if (counts[i] > 0)
            {
                fold[i] /= counts[i];
            }
            mean += fold[i];
        }
        for (int i = 0; i < fold.Length; i++)
        {
            fold[i] -= (float)(mean / fold.Length);
        }
    }

    // Every pixel to continuous chip coordinates in double and onto the 2 x 2 chips around it.
    private static void ReferenceRead(FloatPlane residual, double waxel, double theta, PilotMatch match, float[] chips)
    {
        const int n = TileFolder.Size;
        const double wrap = n * 4096.0;
        const double centre = TileFolder.Oversample * 0.5 - 0.5;
        double cos = Math.Cos(theta) * TileFolder.Oversample / waxel;
        double sin = Math.Sin(theta) * TileFolder.Oversample / waxel;
        for (int y = 0; y < residual.Height; y++)
        {
            double ry = y + 0.5 - residual.Height * 0.5;
            for (int x = 0; x < residual.Width; x++)
            {
                double rx = x + 0.5 - residual.Width * 0.5;
                double a = rx * cos + ry * sin - 0.5 + wrap;
                double b = -rx * sin + ry * cos - 0.5 + wrap;
                for (int k = 0; k < match.Orientation; k++)
                {
                    (a, b) = (wrap + n - 1 - b, a);
                }
                double ci = (a - centre - match.ShiftX) / TileFolder.Oversample;
                double cj = (b - centre - match.ShiftY) / TileFolder.Oversample;
                double fi = Math.Floor(ci), fj = Math.Floor(cj);
                double wi = (1 + Math.Cos(Math.PI * (ci - fi))) / 2, wj = (1 + Math.Cos(Math.PI * (cj - fj))) / 2;
                int i0 = (int)(long)fi & 31, i1 = ((int)(long)fi + 1) & 31;
                int j0 = ((int)(long)fj & 31) * 32, j1 = (((int)(long)fj + 1) & 31) * 32;
                double v = residual.Row(y)[x];
                chips[j0 + i0] += (float)(v * wi * wj);
                chips[j0 + i1] += (float)(v * (1 - wi) * wj);
                chips[j1 + i0] += (float)(v * wi * (1 - wj));
                chips[j1 + i1] += (float)(v * (1 - wi) * (1 - wj));
            }
        }
    }
}
