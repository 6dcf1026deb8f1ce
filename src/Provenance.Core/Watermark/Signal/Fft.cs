using System.Collections.Concurrent;
using System.Numerics;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// In-place radix-2 complex FFT on split real/imaginary arrays, 1-D and 2-D (square or rectangular, power-of-two
/// sides). Small and dependency-free: the watermark needs a 64x64 correlation per hypothesis and one 256x256
/// autocorrelation per search, nothing bigger. Forward has no scaling; inverse divides by the size.
/// </summary>
internal static class Fft
{
    private static readonly ConcurrentDictionary<int, Tables> TableCache = new();

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>Transforms one contiguous sequence of length n (a power of two).</summary>
    public static void Transform1D(Span<float> re, Span<float> im, bool inverse)
    {
        int n = re.Length;
        var tables = GetTables(n);
        var rev = tables.BitReverse;
        for (int i = 0; i < n; i++)
        {
            int j = rev[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        var cos = tables.Cos;
        var sin = tables.Sin;
        float sign = inverse ? 1f : -1f;
        for (int half = 1; half < n; half <<= 1)
        {
            int step = n / (half << 1);
            for (int start = 0; start < n; start += half << 1)
            {
                for (int k = 0; k < half; k++)
                {
                    float wr = cos[k * step];
                    float wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    float br = re[b] * wr - im[b] * wi;
                    float bi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - br;
                    im[b] = im[a] - bi;
                    re[a] += br;
                    im[a] += bi;
                }
            }
        }
        if (inverse)
        {
            float scale = 1f / n;
            for (int i = 0; i < n; i++)
            {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    /// <summary>Transforms a width x height array stored row after row (both sides powers of two).</summary>
    public static void Transform2D(float[] re, float[] im, int width, int height, bool inverse)
    {
        if (!IsPowerOfTwo(width) || !IsPowerOfTwo(height))
        {
            throw new ArgumentException($"FFT size {width}x{height} is not a power of two.");
        }
        for (int y = 0; y < height; y++)
        {
            Transform1D(re.AsSpan(y * width, width), im.AsSpan(y * width, width), inverse);
        }
        Span<float> colRe = height <= 1024 ? stackalloc float[height] : new float[height];
        Span<float> colIm = height <= 1024 ? stackalloc float[height] : new float[height];
        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                colRe[y] = re[y * width + x];
                colIm[y] = im[y * width + x];
            }
            Transform1D(colRe, colIm, inverse);
            for (int y = 0; y < height; y++)
            {
                re[y * width + x] = colRe[y];
                im[y * width + x] = colIm[y];
            }
        }
    }

    private static Tables GetTables(int n)
    {
        if (!IsPowerOfTwo(n))
        {
            throw new ArgumentException($"FFT length {n} is not a power of two.");
        }
        return TableCache.GetOrAdd(n, static size => new Tables(size));
    }

    private sealed class Tables
    {
        public Tables(int n)
        {
            int bits = BitOperations.Log2((uint)n);
            BitReverse = new int[n];
            for (int i = 0; i < n; i++)
            {
                BitReverse[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
            }
            Cos = new float[Math.Max(1, n / 2)];
            Sin = new float[Math.Max(1, n / 2)];
            for (int k = 0; k < n / 2; k++)
            {
                double angle = 2 * Math.PI * k / n;
                Cos[k] = (float)Math.Cos(angle);
                Sin[k] = (float)Math.Sin(angle);
            }
        }

        public int[] BitReverse { get; }
        public float[] Cos { get; }
        public float[] Sin { get; }

        private static uint ReverseBits(uint v)
        {
            v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
            v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
            v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
            v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
            return (v >> 16) | (v << 16);
        }
    }
}
