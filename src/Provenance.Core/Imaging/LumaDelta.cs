using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging;

/// <summary>
/// The embedder's last step, over the full-resolution pixels: the pattern scaled and rounded to an integer luma
/// delta per pixel, added to R, G and B alike (clamped to 0..255; alpha untouched), with the squared error it
/// caused. Vector bodies with scalar loops that give identical results (integer arithmetic, rounding to nearest
/// even in both); <c>useVectors</c> false forces the scalar loops.
/// </summary>
internal static class LumaDelta
{
    // |round(s v)| is kept under this when the strength is solved, so squares sum exactly in float blocks.
    private const float SolveClamp = 511f;

    /// <summary>deltas[x] = round(strength * pattern[x]), ties to even.</summary>
    public static void Quantise(ReadOnlySpan<float> pattern, float strength, Span<int> deltas, bool useVectors)
    {
        int n = pattern.Length;
        int x = 0;
        if (useVectors && Vector256.IsHardwareAccelerated)
        {
            ref float p = ref MemoryMarshal.GetReference(pattern);
            ref int d = ref MemoryMarshal.GetReference(deltas);
            var s = Vector256.Create(strength);
            for (; x <= n - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                Vector256.ConvertToInt32(Vector256.Round(s * Vector256.LoadUnsafe(ref p, (nuint)x))).StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < n; x++)
        {
            deltas[x] = (int)MathF.Round(strength * pattern[x]);
        }
    }

    /// <summary>
    /// Sum over the values of round(strength * v)^2, with strength * v clamped to +-511 (far beyond any strength
    /// the solver tries; it keeps every partial sum an exact integer in float, so the result does not depend on the
    /// order of the additions, and the vector and scalar loops agree).
    /// </summary>
    public static double SumOfSquares(ReadOnlySpan<float> values, float strength, bool useVectors)
    {
        double total = 0;
        int n = values.Length;
        int i = 0;
        if (useVectors && Vector256.IsHardwareAccelerated)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            var s = Vector256.Create(strength);
            var hi = Vector256.Create(SolveClamp);
            var lo = Vector256.Create(-SolveClamp);
            // Blocks of 64 vectors: a lane sums at most 64 squares under 2^18, which float holds exactly.
            const int block = 64 * 8;
            while (i <= n - Vector256<float>.Count)
            {
                int end = Math.Min(n - Vector256<float>.Count, i + block - Vector256<float>.Count);
                var acc = Vector256<float>.Zero;
                for (; i <= end; i += Vector256<float>.Count)
                {
                    var d = Vector256.Round(Vector256.Min(Vector256.Max(s * Vector256.LoadUnsafe(ref v, (nuint)i), lo), hi));
                    acc += d * d;
                }
                total += Vector256.Sum(acc);
            }
        }
        for (; i < n; i++)
        {
            float d = MathF.Round(Math.Clamp(strength * values[i], -SolveClamp, SolveClamp));
            total += d * d;
        }
        return total;
    }

    /// <summary>
    /// Adds deltas[x] to R, G and B of pixel x of <paramref name="row"/> (3 or 4 bytes per pixel), clamped to
    /// 0..255. Returns the sum of squared changes over the colour channels.
    /// </summary>
    public static long Apply(Span<byte> row, int bytesPerPixel, ReadOnlySpan<int> deltas, bool useVectors)
    {
        long error = 0;
        int x = 0;
        if (useVectors && Vector256.IsHardwareAccelerated && bytesPerPixel is 3 or 4)
        {
            error += ApplyVectors(row, bytesPerPixel, deltas, out x);
        }
        for (; x < deltas.Length; x++)
        {
            error += ApplyPixel(row.Slice(x * bytesPerPixel, 3), deltas[x]);
        }
        return error;
    }

    /// <summary>
    /// Adds deltas[x] to sample x of a luma plane row, clamped to 0..255. Returns the sum of squared changes.
    /// Sixteen samples at a time with saturating byte arithmetic, as <see cref="Apply"/> does for RGB.
    /// </summary>
    public static long ApplyToPlane(Span<byte> row, ReadOnlySpan<int> deltas, bool useVectors)
    {
        long error = 0;
        int x = 0;
        if (useVectors && Vector256.IsHardwareAccelerated)
        {
            ref int d = ref MemoryMarshal.GetReference(deltas);
            ref byte start = ref MemoryMarshal.GetReference(row);
            var limit = Vector256.Create(127);
            var squares = Vector256<int>.Zero;
            for (; x <= deltas.Length - 16; x += 16)
            {
                var d0 = Vector256.LoadUnsafe(ref d, (nuint)x);
                var d1 = Vector256.LoadUnsafe(ref d, (nuint)(x + 8));
                if (Vector256.GreaterThanAny(Vector256.Abs(d0), limit) || Vector256.GreaterThanAny(Vector256.Abs(d1), limit))
                {
                    for (int k = x; k < x + 16; k++)
                    {
                        error += ApplySample(ref row[k], deltas[k]);
                    }
                    continue;
                }
                var packed = Vector256.Narrow(d0, d1);
                var signed = Vector128.Narrow(packed.GetLower(), packed.GetUpper());
                var up = Vector128.Max(signed, Vector128<sbyte>.Zero).AsByte();
                var down = Vector128.Max(-signed, Vector128<sbyte>.Zero).AsByte();
                var old = Vector128.LoadUnsafe(ref start, (nuint)x);
                var value = Vector128.SubtractSaturate(Vector128.AddSaturate(old, up), down);
                value.StoreUnsafe(ref start, (nuint)x);
                if (Vector128.EqualsAll(value - old, up - down))
                {
                    squares += d0 * d0 + d1 * d1;
                }
                else
                {
                    error += Vector128.Sum(SquaredChange(old, value));
                }
            }
            error += Vector256.Sum(squares);
        }
        for (; x < deltas.Length; x++)
        {
            error += ApplySample(ref row[x], deltas[x]);
        }
        return error;
    }

    private static long ApplySample(ref byte sample, int delta)
    {
        int old = sample;
        int value = Math.Clamp(old + delta, 0, 255);
        sample = (byte)value;
        return (value - old) * (value - old);
    }

    private static long ApplyPixel(Span<byte> pixel, int delta)
    {
        if (delta == 0)
        {
            return 0;
        }
        long error = 0;
        for (int c = 0; c < 3; c++)
        {
            int old = pixel[c];
            int value = Math.Clamp(old + delta, 0, 255);
            pixel[c] = (byte)value;
            error += (value - old) * (value - old);
        }
        return error;
    }

    // Which delta each byte of 16 pixels takes (index >= 16: none, for alpha).
    private static readonly Vector128<byte>[] Rgb =
    [
        Vector128.Create((byte)0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5),
        Vector128.Create((byte)5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10),
        Vector128.Create((byte)10, 11, 11, 11, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15),
    ];

    private static readonly Vector128<byte>[] Rgba =
    [
        Vector128.Create((byte)0, 0, 0, 0xFF, 1, 1, 1, 0xFF, 2, 2, 2, 0xFF, 3, 3, 3, 0xFF),
        Vector128.Create((byte)4, 4, 4, 0xFF, 5, 5, 5, 0xFF, 6, 6, 6, 0xFF, 7, 7, 7, 0xFF),
        Vector128.Create((byte)8, 8, 8, 0xFF, 9, 9, 9, 0xFF, 10, 10, 10, 0xFF, 11, 11, 11, 0xFF),
        Vector128.Create((byte)12, 12, 12, 0xFF, 13, 13, 13, 0xFF, 14, 14, 14, 0xFF, 15, 15, 15, 0xFF),
    ];

    /// <summary>
    /// Sixteen pixels at a time: the deltas as bytes (positive and negative parts), spread over the channels by a
    /// shuffle, added with unsigned saturation (which is the clamp). Where no channel clipped (each byte changed by
    /// exactly its delta) the block's error is 3 * sum(delta^2); a block where one did is counted byte by byte.
    /// Blocks with a delta beyond +-127 (never seen at the PSNRs allowed) go to the scalar loop.
    /// </summary>
    private static long ApplyVectors(Span<byte> row, int bytesPerPixel, ReadOnlySpan<int> deltas, out int done)
    {
        const int pixels = 16;
        var spread = bytesPerPixel == 3 ? Rgb : Rgba;
        int bytes = pixels * bytesPerPixel;
        long error = 0;
        var squares = Vector256<int>.Zero;
        ref int d = ref MemoryMarshal.GetReference(deltas);
        var limit = Vector256.Create(127);
        Span<Vector128<byte>> before = stackalloc Vector128<byte>[4];
        Span<Vector128<byte>> after = stackalloc Vector128<byte>[4];
        int x = 0;
        for (; x <= deltas.Length - pixels; x += pixels)
        {
            var d0 = Vector256.LoadUnsafe(ref d, (nuint)x);
            var d1 = Vector256.LoadUnsafe(ref d, (nuint)(x + 8));
            var block = row.Slice(x * bytesPerPixel, bytes);
            if (Vector256.GreaterThanAny(Vector256.Abs(d0), limit) || Vector256.GreaterThanAny(Vector256.Abs(d1), limit))
            {
                for (int k = 0; k < pixels; k++)
                {
                    error += ApplyPixel(block.Slice(k * bytesPerPixel, 3), deltas[x + k]);
                }
                continue;
            }
            var packed = Vector256.Narrow(d0, d1);                                   // 16 x short
            var signed = Vector128.Narrow(packed.GetLower(), packed.GetUpper());     // 16 x sbyte
            var positive = Vector128.Max(signed, Vector128<sbyte>.Zero).AsByte();
            var negative = Vector128.Max(-signed, Vector128<sbyte>.Zero).AsByte();
            bool clipped = false;
            ref byte start = ref MemoryMarshal.GetReference(block);
            for (int k = 0; k < spread.Length; k++)
            {
                var up = Vector128.Shuffle(positive, spread[k]);
                var down = Vector128.Shuffle(negative, spread[k]);
                var old = Vector128.LoadUnsafe(ref start, (nuint)(k * 16));
                var value = Vector128.SubtractSaturate(Vector128.AddSaturate(old, up), down);
                value.StoreUnsafe(ref start, (nuint)(k * 16));
                clipped |= !Vector128.EqualsAll(value - old, up - down);
                before[k] = old;
                after[k] = value;
            }
            if (!clipped)
            {
                squares += d0 * d0 + d1 * d1;
                continue;
            }
            var blockSquares = Vector128<int>.Zero;
            for (int k = 0; k < spread.Length; k++)
            {
                blockSquares += SquaredChange(before[k], after[k]);
            }
            error += Vector128.Sum(blockSquares);
        }
        done = x;
        return error + 3L * Vector256.Sum(squares);
    }

    // Per lane (4 lanes of int), the sum of the squared changes of 16 bytes (at most 4 * 255^2 per lane).
    private static Vector128<int> SquaredChange(Vector128<byte> before, Vector128<byte> after)
    {
        var low = Vector128.WidenLower(after).AsInt16() - Vector128.WidenLower(before).AsInt16();
        var high = Vector128.WidenUpper(after).AsInt16() - Vector128.WidenUpper(before).AsInt16();
        var a = Vector128.WidenLower(low);
        var b = Vector128.WidenUpper(low);
        var c = Vector128.WidenLower(high);
        var d = Vector128.WidenUpper(high);
        return a * a + b * b + c * c + d * d;
    }
}
