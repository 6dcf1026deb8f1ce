using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenance.Core.Imaging;

/// <summary>
/// BT.601 luma of interleaved RGB(A) rows in fixed point, the luma the watermark and the fingerprint read from
/// an RGB frame (<see cref="RgbFrameLuma"/>).
/// </summary>
internal static class Bt601Luma
{
    // BT.601 luma weights in 1/256: they sum to 256, so adding the same delta to R, G and B moves luma by it.
    private const short WeightR = 77;
    private const short WeightG = 150;
    private const short WeightB = 29;

    /// <summary>
    /// 256 x luma of each pixel of an interleaved row (77 R + 150 G + 29 B, at most 65280, so it fits 16 bits):
    /// sixteen pixels at a time, the channels gathered by byte shuffles and weighted in 16-bit lanes.
    /// </summary>
    public static void Row(ReadOnlySpan<byte> row, int bytesPerPixel, Span<ushort> luma, bool useVectors)
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

    /// <summary>
    /// 256 x luma summed over each 2 x 2 block of two interleaved rows: <c>sums[x]</c> = the luma of pixels 2x and
    /// 2x + 1 of <paramref name="top"/> and of <paramref name="bottom"/> (at most 4 x 65280). The same integers
    /// <see cref="Row"/> gives, added up: the watermark's detection plane of a 1024 px picture is these blocks. The
    /// vector loop weights the two rows' channel sums at once, eight blocks at a time: RGB is spread to RGBX by a byte
    /// shuffle, the rows are added in 16-bit lanes, each pixel's (R, G) and (B, X) pairs are weighted and added
    /// into 32-bit lanes (<c>vpmaddwd</c>), and horizontal adds gather each block's four partial sums.
    /// </summary>
    public static void BlockSums(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int bytesPerPixel, Span<int> sums, bool useVectors)
    {
        int count = sums.Length;
        int x = 0;
        if (useVectors && Avx2.IsSupported && bytesPerPixel is 3 or 4)
        {
            ref byte t = ref MemoryMarshal.GetReference(top);
            ref byte b = ref MemoryMarshal.GetReference(bottom);
            ref int dst = ref MemoryMarshal.GetReference(sums);
            // Each 16-byte load covers four pixels and reads 16 bytes even where they hold 12 (RGB): stop while the
            // last load of a group of eight blocks stays inside both rows.
            int step = 4 * bytesPerPixel;
            int available = Math.Min(top.Length, bottom.Length);
            int room = available - 3 * step - 16;
            int end = room < 0 ? -1 : Math.Min(count - 8, room / (2 * bytesPerPixel));
            var spread = bytesPerPixel == 3 ? RgbToRgbx : Vector128<byte>.Zero;
            var weights = Vector256.Create(WeightR, WeightG, WeightB, 0, WeightR, WeightG, WeightB, 0,
                WeightR, WeightG, WeightB, 0, WeightR, WeightG, WeightB, 0).AsInt16();
            var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
            for (; x <= end; x += 8)
            {
                nuint p = (nuint)(x * 2 * bytesPerPixel);
                var m0 = PixelPairs(ref t, ref b, p, spread, weights, bytesPerPixel);
                var m1 = PixelPairs(ref t, ref b, p + (nuint)step, spread, weights, bytesPerPixel);
                var m2 = PixelPairs(ref t, ref b, p + (nuint)(2 * step), spread, weights, bytesPerPixel);
                var m3 = PixelPairs(ref t, ref b, p + (nuint)(3 * step), spread, weights, bytesPerPixel);
                // m_k holds blocks 2k (lanes 0-3) and 2k + 1 (lanes 4-7), two partial sums per pixel; three rounds of
                // pairwise adds within 128-bit halves leave blocks 0 2 4 6 | 1 3 5 7, and the permutation orders them.
                var blocks = Avx2.HorizontalAdd(Avx2.HorizontalAdd(m0, m1), Avx2.HorizontalAdd(m2, m3));
                Avx2.PermuteVar8x32(blocks, order).StoreUnsafe(ref dst, (nuint)x);
            }
        }
        for (int p = x * 2 * bytesPerPixel; x < count; x++, p += 2 * bytesPerPixel)
        {
            int q = p + bytesPerPixel;
            sums[x] = WeightR * (top[p] + top[q] + bottom[p] + bottom[q]) +
                WeightG * (top[p + 1] + top[q + 1] + bottom[p + 1] + bottom[q + 1]) +
                WeightB * (top[p + 2] + top[q + 2] + bottom[p + 2] + bottom[q + 2]);
        }
    }

    // Four pixels of both rows from byte p: (77 R + 150 G, 29 B) of the two rows' sums per pixel, in 32-bit lanes.
    private static Vector256<int> PixelPairs(ref byte top, ref byte bottom, nuint p, Vector128<byte> spread, Vector256<short> weights,
        int bytesPerPixel)
    {
        var t = Vector128.LoadUnsafe(ref top, p);
        var b = Vector128.LoadUnsafe(ref bottom, p);
        if (bytesPerPixel == 3)
        {
            t = Ssse3.Shuffle(t, spread);
            b = Ssse3.Shuffle(b, spread);
        }
        // Alpha (or the shuffle's zero) meets weight 0; each sum is at most 510, so the signed 16-bit multiply is exact.
        var sum = Avx2.Add(Avx2.ConvertToVector256Int16(t), Avx2.ConvertToVector256Int16(b));
        return Avx2.MultiplyAddAdjacent(sum, weights);
    }

    // R G B of four pixels to R G B 0 (index 0x80: a zero byte).
    private static readonly Vector128<byte> RgbToRgbx = Vector128.Create(
        (byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80);

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
}
