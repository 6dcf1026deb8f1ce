using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging;

/// <summary>
/// BT.601 luma of interleaved RGB(A) rows in fixed point, the luma the watermark and the fingerprint read from
/// an RGB frame (<see cref="RgbFrameLuma"/>).
/// </summary>
internal static class Bt601Luma
{
    // BT.601 luma weights in 1/256: they sum to 256, so adding the same delta to R, G and B moves luma by it.
    private const int WeightR = 77;
    private const int WeightG = 150;
    private const int WeightB = 29;

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
