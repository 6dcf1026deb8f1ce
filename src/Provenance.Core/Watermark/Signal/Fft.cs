using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// In-place radix-2 complex FFT on split real/imaginary arrays, 1-D and 2-D (square or rectangular, power-of-two
/// sides). Small and dependency-free: the watermark needs 64 x 64 correlations per hypothesis and one spectrum of
/// up to 512 x 512 per search. Forward has no scaling; inverse divides by the size.
/// The 2-D transform runs its many 1-D transforms side by side: rows of the array are butterflied as whole vectors
/// (one twiddle for the whole row), which vectorises across independent transforms; the row transforms run the same
/// way on the transpose. Every element goes through the same operations in the same order as in
/// <see cref="Transform1D"/>, so the vector path, the scalar path and a row-by-row transform agree exactly.
/// </summary>
internal static class Fft
{
    private static readonly ConcurrentDictionary<int, Tables> TableCache = new();

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>
    /// Two real frames transformed as one complex sequence (the first in <paramref name="re"/>, the second in
    /// <paramref name="im"/>, then <see cref="Transform1D"/>): the power of each frame's spectrum summed over bins
    /// [<paramref name="from"/>, <paramref name="to"/>), unpacked as X0[k] = (Z[k] + conj Z[n-k]) / 2 and
    /// X1[k] = (Z[k] - conj Z[n-k]) / 2i. Bins must lie in 1..n-1.
    /// </summary>
    public static (double First, double Second) PackedPairPower(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int from, int to)
    {
        int n = re.Length;
        double e0 = 0, e1 = 0;
        for (int k = from; k < to; k++)
        {
            float zr = re[k], zi = im[k], wr = re[n - k], wi = -im[n - k];
            float ar = 0.5f * (zr + wr), ai = 0.5f * (zi + wi);
            float br = 0.5f * (zi - wi), bi = -0.5f * (zr - wr);
            e0 += (ar * ar) + (ai * ai);
            e1 += (br * br) + (bi * bi);
        }
        return (e0, e1);
    }

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

    /// <summary>
    /// Transforms <paramref name="count"/> sequences of <paramref name="length"/> values (a power of two) stored
    /// interleaved, value i of sequence j at [i * count + j], side by side: each goes through exactly the arithmetic of
    /// <see cref="Transform1D"/>, in vectors across the sequences. The audio watermark analyses its many short frames
    /// this way.
    /// </summary>
    public static void TransformInterleaved(float[] re, float[] im, int count, int length, bool inverse)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (re.Length < count * length || im.Length < count * length)
        {
            throw new ArgumentException("FFT buffers are shorter than the transforms.");
        }
        TransformColumns(re, im, count, length, inverse, Vector256.IsHardwareAccelerated);
    }

    /// <summary>Transforms a width x height array stored row after row (both sides powers of two).</summary>
    public static void Transform2D(float[] re, float[] im, int width, int height, bool inverse) =>
        Transform2D(re, im, width, height, inverse, Vector256.IsHardwareAccelerated);

    /// <summary>As <see cref="Transform2D(float[], float[], int, int, bool)"/>; <paramref name="useVectors"/> false
    /// forces the scalar loops (tests compare the two).</summary>
    internal static void Transform2D(float[] re, float[] im, int width, int height, bool inverse, bool useVectors)
    {
        if (!IsPowerOfTwo(width) || !IsPowerOfTwo(height))
        {
            throw new ArgumentException($"FFT size {width}x{height} is not a power of two.");
        }
        int size = width * height;
        if (re.Length < size || im.Length < size)
        {
            throw new ArgumentException("FFT buffers are shorter than the transform.");
        }
        var tRe = ArrayPool<float>.Shared.Rent(size);
        var tIm = ArrayPool<float>.Shared.Rent(size);
        try
        {
            // Rows first (each row is a sequence along x): on the transpose they are columns side by side.
            Transpose(re, tRe, width, height);
            Transpose(im, tIm, width, height);
            TransformColumns(tRe, tIm, height, width, inverse, useVectors);
            Transpose(tRe, re, height, width);
            Transpose(tIm, im, height, width);
            TransformColumns(re, im, width, height, inverse, useVectors);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tRe);
            ArrayPool<float>.Shared.Return(tIm);
        }
    }

    /// <summary>
    /// Forward 2-D transform that leaves the spectrum transposed: frequency (u along x, v along y) lands in
    /// <paramref name="spectrumRe"/>[u * height + v]. Half the transposes of <see cref="Transform2D(float[], float[], int, int, bool)"/>;
    /// a correlation multiplies spectra in this layout and comes back with <see cref="InverseFromTransposed"/>.
    /// The inputs are overwritten.
    /// </summary>
    public static void ForwardToTransposed(float[] re, float[] im, float[] spectrumRe, float[] spectrumIm, int width, int height)
    {
        CheckSize(re, im, width, height);
        CheckSize(spectrumRe, spectrumIm, width, height);
        bool useVectors = Vector256.IsHardwareAccelerated;
        TransformColumns(re, im, width, height, inverse: false, useVectors);
        Transpose(re, spectrumRe, width, height);
        Transpose(im, spectrumIm, width, height);
        TransformColumns(spectrumRe, spectrumIm, height, width, inverse: false, useVectors);
    }

    /// <summary>Inverse of <see cref="ForwardToTransposed"/>: a transposed spectrum back to a width x height array
    /// (the spectrum arrays are overwritten).</summary>
    public static void InverseFromTransposed(float[] spectrumRe, float[] spectrumIm, float[] re, float[] im, int width, int height)
    {
        CheckSize(re, im, width, height);
        CheckSize(spectrumRe, spectrumIm, width, height);
        bool useVectors = Vector256.IsHardwareAccelerated;
        TransformColumns(spectrumRe, spectrumIm, height, width, inverse: true, useVectors);
        Transpose(spectrumRe, re, height, width);
        Transpose(spectrumIm, im, height, width);
        TransformColumns(re, im, width, height, inverse: true, useVectors);
    }

    private static void CheckSize(float[] re, float[] im, int width, int height)
    {
        if (!IsPowerOfTwo(width) || !IsPowerOfTwo(height))
        {
            throw new ArgumentException($"FFT size {width}x{height} is not a power of two.");
        }
        if (re.Length < width * height || im.Length < width * height)
        {
            throw new ArgumentException("FFT buffers are shorter than the transform.");
        }
    }

    /// <summary>
    /// Transforms every column of a <paramref name="width"/> x <paramref name="length"/> array (length rows of
    /// width values): the butterflies of the 1-D algorithm applied to whole rows.
    /// </summary>
    private static void TransformColumns(float[] re, float[] im, int width, int length, bool inverse, bool useVectors)
    {
        var tables = GetTables(length);
        var rev = tables.BitReverse;
        for (int i = 0; i < length; i++)
        {
            int j = rev[i];
            if (j > i)
            {
                SwapRows(re, i * width, j * width, width);
                SwapRows(im, i * width, j * width, width);
            }
        }
        var cos = tables.Cos;
        var sin = tables.Sin;
        float sign = inverse ? 1f : -1f;
        for (int half = 1; half < length; half <<= 1)
        {
            int step = length / (half << 1);
            for (int start = 0; start < length; start += half << 1)
            {
                for (int k = 0; k < half; k++)
                {
                    int a = (start + k) * width;
                    int b = a + half * width;
                    Butterfly(re, im, a, b, width, cos[k * step], sign * sin[k * step], useVectors);
                }
            }
        }
        if (inverse)
        {
            Scale(re.AsSpan(0, width * length), 1f / length, useVectors);
            Scale(im.AsSpan(0, width * length), 1f / length, useVectors);
        }
    }

    private static void Butterfly(float[] re, float[] im, int a, int b, int count, float wr, float wi, bool useVectors)
    {
        ref float reA = ref MemoryMarshal.GetArrayDataReference(re);
        ref float imA = ref MemoryMarshal.GetArrayDataReference(im);
        int x = 0;
        if (useVectors && Vector256.IsHardwareAccelerated)
        {
            var vwr = Vector256.Create(wr);
            var vwi = Vector256.Create(wi);
            for (; x <= count - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var bre = Vector256.LoadUnsafe(ref reA, (nuint)(b + x));
                var bim = Vector256.LoadUnsafe(ref imA, (nuint)(b + x));
                var are = Vector256.LoadUnsafe(ref reA, (nuint)(a + x));
                var aim = Vector256.LoadUnsafe(ref imA, (nuint)(a + x));
                var tr = bre * vwr - bim * vwi;
                var ti = bre * vwi + bim * vwr;
                (are - tr).StoreUnsafe(ref reA, (nuint)(b + x));
                (aim - ti).StoreUnsafe(ref imA, (nuint)(b + x));
                (are + tr).StoreUnsafe(ref reA, (nuint)(a + x));
                (aim + ti).StoreUnsafe(ref imA, (nuint)(a + x));
            }
        }
        for (; x < count; x++)
        {
            ref float rb = ref Unsafe.Add(ref reA, b + x);
            ref float ib = ref Unsafe.Add(ref imA, b + x);
            ref float ra = ref Unsafe.Add(ref reA, a + x);
            ref float ia = ref Unsafe.Add(ref imA, a + x);
            float tr = rb * wr - ib * wi;
            float ti = rb * wi + ib * wr;
            rb = ra - tr;
            ib = ia - ti;
            ra += tr;
            ia += ti;
        }
    }

    private static void SwapRows(float[] data, int a, int b, int count)
    {
        var first = data.AsSpan(a, count);
        var second = data.AsSpan(b, count);
        for (int x = 0; x < count; x++)
        {
            (first[x], second[x]) = (second[x], first[x]);
        }
    }

    private static void Scale(Span<float> values, float scale, bool useVectors)
    {
        int i = 0;
        if (useVectors && Vector256.IsHardwareAccelerated)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            var s = Vector256.Create(scale);
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref v, (nuint)i) * s).StoreUnsafe(ref v, (nuint)i);
            }
        }
        for (; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }

    /// <summary>dst (height x width, row-major) = transpose of src (width x height, row-major), in cache blocks.</summary>
    internal static void Transpose(float[] src, float[] dst, int width, int height)
    {
        const int block = 16;
        for (int y0 = 0; y0 < height; y0 += block)
        {
            int y1 = Math.Min(height, y0 + block);
            for (int x0 = 0; x0 < width; x0 += block)
            {
                int x1 = Math.Min(width, x0 + block);
                for (int y = y0; y < y1; y++)
                {
                    int row = y * width;
                    for (int x = x0; x < x1; x++)
                    {
                        dst[x * height + y] = src[row + x];
                    }
                }
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
