using System.Numerics;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Watermark;

public class FftTests
{
    [Theory]
    [InlineData(64, 64)]
    [InlineData(32, 16)]
    [InlineData(8, 128)]
    [InlineData(4, 2)]
    public void TwoDimensionalTransformMatchesTheDftOnEveryPath(int width, int height)
    {
        var random = new Random(width + height);
        var re = Enumerable.Range(0, width * height).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var im = Enumerable.Range(0, width * height).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = Dft(re, im, width, height);

        var (vRe, vIm) = ((float[])re.Clone(), (float[])im.Clone());
        var (sRe, sIm) = ((float[])re.Clone(), (float[])im.Clone());
        Fft.Transform2D(vRe, vIm, width, height, inverse: false, useVectors: true);
        Fft.Transform2D(sRe, sIm, width, height, inverse: false, useVectors: false);
        Assert.True(vRe.AsSpan().SequenceEqual(sRe) && vIm.AsSpan().SequenceEqual(sIm));
        // Row by row with the 1-D transform, then column by column: the same operations per element.
        var (rRe, rIm) = ((float[])re.Clone(), (float[])im.Clone());
        RowsThenColumns(rRe, rIm, width, height);
        Assert.True(vRe.AsSpan().SequenceEqual(rRe) && vIm.AsSpan().SequenceEqual(rIm));

        double tolerance = 1e-4 * Math.Sqrt(width * height);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Real, vRe[i], tolerance);
            Assert.Equal(expected[i].Imaginary, vIm[i], tolerance);
        }

        Fft.Transform2D(vRe, vIm, width, height, inverse: true);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.Equal(re[i], vRe[i], 1e-5);
            Assert.Equal(im[i], vIm[i], 1e-5);
        }
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(32, 16)]
    [InlineData(8, 128)]
    public void TheTransposedSpectrumIsTheSpectrumTransposedAndComesBack(int width, int height)
    {
        var random = new Random(3 * width + height);
        var re = Enumerable.Range(0, width * height).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var im = Enumerable.Range(0, width * height).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var (fullRe, fullIm) = ((float[])re.Clone(), (float[])im.Clone());
        Fft.Transform2D(fullRe, fullIm, width, height, inverse: false);

        var (inRe, inIm) = ((float[])re.Clone(), (float[])im.Clone());
        var spectrumRe = new float[width * height];
        var spectrumIm = new float[width * height];
        Fft.ForwardToTransposed(inRe, inIm, spectrumRe, spectrumIm, width, height);
        double tolerance = 1e-4 * Math.Sqrt(width * height);
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                Assert.Equal(fullRe[v * width + u], spectrumRe[u * height + v], tolerance);
                Assert.Equal(fullIm[v * width + u], spectrumIm[u * height + v], tolerance);
            }
        }

        var backRe = new float[width * height];
        var backIm = new float[width * height];
        Fft.InverseFromTransposed(spectrumRe, spectrumIm, backRe, backIm, width, height);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.Equal(re[i], backRe[i], 1e-5);
            Assert.Equal(im[i], backIm[i], 1e-5);
        }
    }

    private static void RowsThenColumns(float[] re, float[] im, int width, int height)
    {
        for (int y = 0; y < height; y++)
        {
            Fft.Transform1D(re.AsSpan(y * width, width), im.AsSpan(y * width, width), inverse: false);
        }
        var colRe = new float[height];
        var colIm = new float[height];
        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                (colRe[y], colIm[y]) = (re[y * width + x], im[y * width + x]);
            }
            Fft.Transform1D(colRe, colIm, inverse: false);
            for (int y = 0; y < height; y++)
            {
                (re[y * width + x], im[y * width + x]) = (colRe[y], colIm[y]);
            }
        }
    }

    private static Complex[] Dft(float[] re, float[] im, int width, int height)
    {
        var result = new Complex[width * height];
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                Complex sum = 0;
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        double angle = -2 * Math.PI * ((double)u * x / width + (double)v * y / height);
                        sum += new Complex(re[y * width + x], im[y * width + x]) * Complex.FromPolarCoordinates(1, angle);
                    }
                }
                result[v * width + u] = sum;
            }
        }
        return result;
    }
}
