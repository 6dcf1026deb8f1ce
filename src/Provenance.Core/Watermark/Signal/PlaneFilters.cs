using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark.Signal;

/// <summary>The few plane operations the detector needs: luma with box downscale, box blur, 2x decimation.</summary>
internal static class PlaneFilters
{
    // BT.601 luma weights in 1/256: they sum to 256, so adding the same delta to R, G and B moves luma by it.
    private const int WeightR = 77;
    private const int WeightG = 150;
    private const int WeightB = 29;

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
    /// 256 x luma of each pixel of an interleaved row (77 R + 150 G + 29 B, at most 65280, so it fits 16 bits):
    /// sixteen pixels at a time, the channels gathered by byte shuffles and weighted in 16-bit lanes.
    /// </summary>
    internal static void LumaRow(ReadOnlySpan<byte> row, int bytesPerPixel, Span<ushort> luma, bool useVectors)
    {
        int count = luma.Length;
        int x = 0;
        if (useVectors && Vector128.IsHardwareAccelerated && bytesPerPixel is 3 or 4)
        {
            var gather = bytesPerPixel == 3 ? GatherRgb : GatherRgba;
            int sources = bytesPerPixel;
            ref byte src = ref MemoryMarshal.GetReference(row);
            ref ushort dst = ref MemoryMarshal.GetReference(luma);
            var wr = Vector128.Create((ushort)WeightR);
            var wg = Vector128.Create((ushort)WeightG);
            var wb = Vector128.Create((ushort)WeightB);
            Span<Vector128<byte>> block = stackalloc Vector128<byte>[4];
            for (; x <= count - 16; x += 16)
            {
                for (int k = 0; k < sources; k++)
                {
                    block[k] = Vector128.LoadUnsafe(ref src, (nuint)(x * bytesPerPixel + k * 16));
                }
                var r = Vector128<byte>.Zero;
                var g = Vector128<byte>.Zero;
                var b = Vector128<byte>.Zero;
                for (int k = 0; k < sources; k++)
                {
                    r |= Vector128.Shuffle(block[k], gather[k * 3]);
                    g |= Vector128.Shuffle(block[k], gather[k * 3 + 1]);
                    b |= Vector128.Shuffle(block[k], gather[k * 3 + 2]);
                }
                var (r0, r1) = Vector128.Widen(r);
                var (g0, g1) = Vector128.Widen(g);
                var (b0, b1) = Vector128.Widen(b);
                (r0 * wr + g0 * wg + b0 * wb).StoreUnsafe(ref dst, (nuint)x);
                (r1 * wr + g1 * wg + b1 * wb).StoreUnsafe(ref dst, (nuint)(x + 8));
            }
        }
        for (int p = x * bytesPerPixel; x < count; x++, p += bytesPerPixel)
        {
            luma[x] = (ushort)(WeightR * row[p] + WeightG * row[p + 1] + WeightB * row[p + 2]);
        }
    }

    private static readonly Vector128<byte>[] GatherRgb = GatherTables(3);
    private static readonly Vector128<byte>[] GatherRgba = GatherTables(4);

    // For each 16-byte source vector k of a 16-pixel block and each channel c: the byte shuffle that moves that
    // vector's channel-c bytes to their pixel's lane (0xFF: lane left zero).
    private static Vector128<byte>[] GatherTables(int bytesPerPixel)
    {
        var tables = new Vector128<byte>[bytesPerPixel * 3];
        Span<byte> lanes = stackalloc byte[16];
        for (int k = 0; k < bytesPerPixel; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                lanes.Fill(0xFF);
                for (int pixel = 0; pixel < 16; pixel++)
                {
                    int b = pixel * bytesPerPixel + c;
                    if (b / 16 == k)
                    {
                        lanes[pixel] = (byte)(b % 16);
                    }
                }
                tables[k * 3 + c] = Vector128.Create((ReadOnlySpan<byte>)lanes);
            }
        }
        return tables;
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
}
