using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark.Signal;

/// <summary>The few plane operations the detector needs: luma with box downscale, box blur, 2x decimation.</summary>
internal static class PlaneFilters
{
    /// <summary>
    /// Luma averaged over <paramref name="factor"/> x <paramref name="factor"/> blocks (an exact area downscale;
    /// a partial block at the right or bottom edge is dropped).
    /// </summary>
    public static FloatPlane Luma(ILumaImage image, int factor) => Luma(image, factor, VectorOps.Enabled);

    /// <summary>As above; <paramref name="useVectors"/> false forces the scalar loops (integer sums: identical).</summary>
    internal static FloatPlane Luma(ImageFrame frame, int factor, bool useVectors) => Luma(new RgbFrameLuma(frame), factor, useVectors);

    internal static FloatPlane Luma(ILumaImage image, int factor, bool useVectors)
    {
        int width = image.Width / factor;
        int height = image.Height / factor;
        var plane = new FloatPlane(width, height);
        var pixelLuma = ArrayPool<ushort>.Shared.Rent(image.Width);
        var acc = ArrayPool<int>.Shared.Rent(width);
        float scale = 1f / (256f * factor * factor);
        try
        {
            var sums = acc.AsSpan(0, width);
            var luma = pixelLuma.AsSpan(0, width * factor);
            for (int y = 0; y < height; y++)
            {
                if (factor == 2 && image is RgbFrameLuma rgb)
                {
                    // An RGB frame's blocks in one pass over both rows (the detection plane of 1024-2047 px pictures).
                    rgb.BlockSums(2 * y, sums, useVectors);
                    ScaleToFloat(sums, scale, plane.Row(y), useVectors);
                    continue;
                }
                if (factor <= 2 && image is ILumaSamples samples)
                {
                    // 8-bit samples summed as they are, then times 256: the sums the 16-bit path makes.
                    if (factor == 1)
                    {
                        SamplesTimes256(samples.LumaSamples(y), sums, useVectors);
                    }
                    else
                    {
                        SampleBlockSums(samples.LumaSamples(2 * y), samples.LumaSamples(2 * y + 1), sums, useVectors);
                    }
                    ScaleToFloat(sums, scale, plane.Row(y), useVectors);
                    continue;
                }
                sums.Clear();
                for (int dy = 0; dy < factor; dy++)
                {
                    image.ReadLuma(y * factor + dy, luma, useVectors);
                    // Integer sums: exact, so the order of the additions does not matter.
                    if (factor == 1)
                    {
                        AddSingles(sums, luma, useVectors);
                    }
                    else if (factor == 2)
                    {
                        AddPairs(sums, luma, useVectors);
                    }
                    else
                    {
                        for (int x = 0, p = 0; x < width; x++)
                        {
                            int sum = 0;
                            for (int dx = 0; dx < factor; dx++, p++)
                            {
                                sum += luma[p];
                            }
                            sums[x] += sum;
                        }
                    }
                }
                ScaleToFloat(sums, scale, plane.Row(y), useVectors);
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(pixelLuma);
            ArrayPool<int>.Shared.Return(acc);
        }
        return plane;
    }

    // sums[x] += luma[x].
    private static void AddSingles(Span<int> sums, ReadOnlySpan<ushort> luma, bool useVectors)
    {
        int x = 0;
        if (useVectors && VectorOps.Enabled)
        {
            ref int dst = ref MemoryMarshal.GetReference(sums);
            ref ushort src = ref MemoryMarshal.GetReference(luma);
            for (; x <= sums.Length - Vector256<ushort>.Count; x += Vector256<ushort>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)x));
                (Vector256.LoadUnsafe(ref dst, (nuint)x) + lower.AsInt32()).StoreUnsafe(ref dst, (nuint)x);
                (Vector256.LoadUnsafe(ref dst, (nuint)(x + 8)) + upper.AsInt32()).StoreUnsafe(ref dst, (nuint)(x + 8));
            }
        }
        for (; x < sums.Length; x++)
        {
            sums[x] += luma[x];
        }
    }

    // sums[x] += luma[2x] + luma[2x + 1]: two 16-bit values per 32-bit lane, added as (v & 0xFFFF) + (v >> 16).
    private static void AddPairs(Span<int> sums, ReadOnlySpan<ushort> luma, bool useVectors)
    {
        int x = 0;
        if (useVectors && VectorOps.Enabled)
        {
            ref int dst = ref MemoryMarshal.GetReference(sums);
            ref uint pairs = ref Unsafe.As<ushort, uint>(ref MemoryMarshal.GetReference(luma));
            var low = Vector256.Create(0xFFFFu);
            for (; x <= sums.Length - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                var v = Vector256.LoadUnsafe(ref pairs, (nuint)x);
                var sum = ((v & low) + (v >> 16)).AsInt32();
                (Vector256.LoadUnsafe(ref dst, (nuint)x) + sum).StoreUnsafe(ref dst, (nuint)x);
            }
        }
        for (; x < sums.Length; x++)
        {
            sums[x] += luma[2 * x] + luma[2 * x + 1];
        }
    }

    // sums[x] = 256 x row[x].
    private static void SamplesTimes256(ReadOnlySpan<byte> row, Span<int> sums, bool useVectors)
    {
        int x = 0;
        if (useVectors && VectorOps.Enabled)
        {
            ref byte src = ref MemoryMarshal.GetReference(row);
            ref int dst = ref MemoryMarshal.GetReference(sums);
            // 16 samples a round: exactly what one load reads, so the last row's load stays inside it.
            for (; x <= sums.Length - 2 * Vector256<int>.Count; x += 2 * Vector256<int>.Count)
            {
                var (first, second) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)x));
                var (low, high) = Vector256.Widen(Vector256.Create(first, second));
                (low << 8).AsInt32().StoreUnsafe(ref dst, (nuint)x);
                (high << 8).AsInt32().StoreUnsafe(ref dst, (nuint)(x + Vector256<int>.Count));
            }
        }
        for (; x < sums.Length; x++)
        {
            sums[x] = row[x] << 8;
        }
    }

    // sums[x] = 256 x (top[2x] + top[2x + 1] + bottom[2x] + bottom[2x + 1]).
    private static void SampleBlockSums(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<int> sums, bool useVectors)
    {
        int x = 0;
        if (useVectors && VectorOps.Enabled)
        {
            ref byte t = ref MemoryMarshal.GetReference(top);
            ref byte b = ref MemoryMarshal.GetReference(bottom);
            ref int dst = ref MemoryMarshal.GetReference(sums);
            var low = Vector256.Create(0xFFFFu);
            // 32 samples of each row make 16 blocks.
            for (; x <= sums.Length - 2 * Vector256<int>.Count; x += 2 * Vector256<int>.Count)
            {
                var (topLow, topHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref t, (nuint)(2 * x)));
                var (bottomLow, bottomHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)(2 * x)));
                var first = (topLow + bottomLow).AsUInt32();
                var second = (topHigh + bottomHigh).AsUInt32();
                (((first & low) + (first >> 16)) << 8).AsInt32().StoreUnsafe(ref dst, (nuint)x);
                (((second & low) + (second >> 16)) << 8).AsInt32().StoreUnsafe(ref dst, (nuint)(x + Vector256<int>.Count));
            }
        }
        for (; x < sums.Length; x++)
        {
            sums[x] = (top[2 * x] + top[2 * x + 1] + bottom[2 * x] + bottom[2 * x + 1]) << 8;
        }
    }

    // dst[x] = sums[x] * scale (the sums are below 2^24, so the conversion is exact either way).
    private static void ScaleToFloat(ReadOnlySpan<int> sums, float scale, Span<float> dst, bool useVectors)
    {
        int x = 0;
        if (useVectors && VectorOps.Enabled)
        {
            ref int src = ref MemoryMarshal.GetReference(sums);
            ref float d = ref MemoryMarshal.GetReference(dst);
            var s = Vector256.Create(scale);
            for (; x <= sums.Length - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                (Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref src, (nuint)x)) * s).StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < sums.Length; x++)
        {
            dst[x] = sums[x] * scale;
        }
    }

    /// <summary>
    /// <see cref="StreamingBoxBlur"/> over a whole plane; src and dst may be the same. <paramref name="useVectors"/>
    /// false forces the scalar loops (same results).
    /// </summary>
    internal static void BoxBlur(FloatPlane src, FloatPlane dst, int radius, bool useVectors)
    {
        int height = src.Height;
        using var blur = new StreamingBoxBlur(src.Width, height, radius, useVectors);
        for (int y = 0, pushed = 0; y < height; y++)
        {
            for (; pushed <= Math.Min(y + radius, height - 1); pushed++)
            {
                blur.Push(pushed, src.Row(pushed));
            }
            // Source row y was pushed before its blurred row is written, so writing in place is safe.
            blur.Take(y, dst.Row(y));
        }
    }

    // dst[x] = (src[start + x] + src[start + x + 1] + ... + src[start + x + taps - 1]) * inv, summed in that order.
    internal static void SumTaps(float[] src, int start, int taps, Span<float> dst, float inv, bool useVectors)
    {
        int n = dst.Length;
        int x = 0;
        ref float s = ref MemoryMarshal.GetArrayDataReference(src);
        if (useVectors && VectorOps.Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            var vinv = Vector256.Create(inv);
            if (taps == 5)
            {
                // The detector's and the embedder's radius, unrolled: the loop over taps costs more than the adds.
                for (; x <= n - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    ref float p = ref Unsafe.Add(ref s, start + x);
                    var sum = Vector256.LoadUnsafe(ref p);
                    sum += Vector256.LoadUnsafe(ref p, 1);
                    sum += Vector256.LoadUnsafe(ref p, 2);
                    sum += Vector256.LoadUnsafe(ref p, 3);
                    sum += Vector256.LoadUnsafe(ref p, 4);
                    (sum * vinv).StoreUnsafe(ref d, (nuint)x);
                }
            }
            for (; x <= n - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref s, (nuint)(start + x));
                for (int k = 1; k < taps; k++)
                {
                    sum += Vector256.LoadUnsafe(ref s, (nuint)(start + x + k));
                }
                (sum * vinv).StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < n; x++)
        {
            float sum = src[start + x];
            for (int k = 1; k < taps; k++)
            {
                sum += src[start + x + k];
            }
            dst[x] = sum * inv;
        }
    }

    // dst[x] = (data[offsets[0] + x] + data[offsets[1] + x] + ...) * inv, summed in that order.
    internal static void SumRows(float[] data, int[] offsets, Span<float> dst, float inv, bool useVectors)
    {
        int n = dst.Length;
        int x = 0;
        ref float s = ref MemoryMarshal.GetArrayDataReference(data);
        if (useVectors && VectorOps.Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            var vinv = Vector256.Create(inv);
            if (offsets.Length == 5)
            {
                ref float r0 = ref Unsafe.Add(ref s, offsets[0]);
                ref float r1 = ref Unsafe.Add(ref s, offsets[1]);
                ref float r2 = ref Unsafe.Add(ref s, offsets[2]);
                ref float r3 = ref Unsafe.Add(ref s, offsets[3]);
                ref float r4 = ref Unsafe.Add(ref s, offsets[4]);
                for (; x <= n - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    var sum = Vector256.LoadUnsafe(ref r0, (nuint)x);
                    sum += Vector256.LoadUnsafe(ref r1, (nuint)x);
                    sum += Vector256.LoadUnsafe(ref r2, (nuint)x);
                    sum += Vector256.LoadUnsafe(ref r3, (nuint)x);
                    sum += Vector256.LoadUnsafe(ref r4, (nuint)x);
                    (sum * vinv).StoreUnsafe(ref d, (nuint)x);
                }
            }
            for (; x <= n - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref s, (nuint)(offsets[0] + x));
                for (int k = 1; k < offsets.Length; k++)
                {
                    sum += Vector256.LoadUnsafe(ref s, (nuint)(offsets[k] + x));
                }
                (sum * vinv).StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < n; x++)
        {
            float sum = data[offsets[0] + x];
            for (int k = 1; k < offsets.Length; k++)
            {
                sum += data[offsets[k] + x];
            }
            dst[x] = sum * inv;
        }
    }

    /// <summary>Box decimation by an integer factor (a partial block at the right or bottom edge is dropped).</summary>
    public static FloatPlane Downsample(FloatPlane src, int factor)
    {
        var dst = new FloatPlane(src.Width / factor, src.Height / factor);
        float scale = 1f / (factor * factor);
        if (factor == 2)
        {
            DownsampleByTwo(src, dst, scale);
            return dst;
        }
        for (int y = 0; y < dst.Height; y++)
        {
            var d = dst.Row(y);
            d.Clear();
            for (int dy = 0; dy < factor; dy++)
            {
                var s = src.Row(y * factor + dy);
                for (int x = 0; x < dst.Width; x++)
                {
                    float sum = 0;
                    for (int dx = 0; dx < factor; dx++)
                    {
                        sum += s[x * factor + dx];
                    }
                    d[x] += sum;
                }
            }
            for (int x = 0; x < dst.Width; x++)
            {
                d[x] *= scale;
            }
        }
        return dst;
    }

    /// <summary>
    /// <see cref="Downsample"/> for factor 2 (the presence test's and the polish's case) without the inner loops:
    /// the same additions in the same order (0 + a + b per row pair, added to 0, times the scale), so the result
    /// is bit-identical to the general loop's.
    /// </summary>
    private static void DownsampleByTwo(FloatPlane src, FloatPlane dst, float scale)
    {
        for (int y = 0; y < dst.Height; y++)
        {
            var d = dst.Row(y);
            var top = src.Row(2 * y);
            var bottom = src.Row(2 * y + 1);
            for (int x = 0; x < d.Length; x++)
            {
                float first = 0f + top[2 * x];
                first += top[2 * x + 1];
                float second = 0f + bottom[2 * x];
                second += bottom[2 * x + 1];
                float sum = 0f + first;
                sum += second;
                d[x] = sum * scale;
            }
        }
    }
}
