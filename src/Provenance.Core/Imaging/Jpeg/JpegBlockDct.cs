using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// The orthonormal 8 x 8 DCT-II (the transform T.81 quantises) and its inverse, in doubles, for the mark shaper's
/// block work (<see cref="JpegMarkShaper"/>). A block is 64 values row after row. Each coefficient is the sum over
/// rows of the basis times the sum over columns of the basis times the sample, every sum taken in index order with a
/// separate multiply and add, so <see cref="Forward"/> and <see cref="Inverse"/> give bit for bit what
/// <see cref="ForwardScalar"/> and <see cref="InverseScalar"/> give (a test holds them equal): the vectors only run
/// eight of those sums side by side.
/// </summary>
internal static class JpegBlockDct
{
    private const int N = 8;

    // Basis[u * 8 + x] = C(u)/2 cos((2x + 1) u pi / 16), C(0) = 1/sqrt 2.
    private static readonly double[] Basis = BuildBasis();
    private static readonly double[] BasisTransposed = Transposed(Basis);

    /// <summary>In place: the coefficients of <paramref name="block"/>, [v * 8 + u] for vertical frequency v, horizontal u.</summary>
    public static void Forward(Span<double> block, Span<double> scratch) => Transform(block, scratch, BasisTransposed, Basis);

    /// <summary>In place: the samples whose coefficients <paramref name="block"/> holds.</summary>
    public static void Inverse(Span<double> block, Span<double> scratch) => Transform(block, scratch, Basis, BasisTransposed);

    /// <summary>
    /// Half of <see cref="Forward"/>'s coefficients of <paramref name="samples"/>, into <paramref name="coefficients"/>:
    /// those of horizontal frequencies 0-3 (<paramref name="upperHalf"/> false) or 4-7, [v * 8 + u] as Forward's, the
    /// other half untouched. Forward's low and high columns are separate sums all through, so these are its doubles
    /// bit for bit (a test holds them equal), at half the cost. The mark shaper needs the high half of an input block
    /// only when energy is left there (JpegMarkShaper).
    /// </summary>
    public static void ForwardHalf(ReadOnlySpan<double> samples, Span<double> coefficients, Span<double> scratch, bool upperHalf)
    {
        if (samples.Length < N * N || coefficients.Length < N * N || scratch.Length < N * N)
        {
            throw new ArgumentException("a block holds 64 values");
        }
        int half = upperHalf ? 1 : 0;
        ref double input = ref MemoryMarshal.GetReference(samples);
        ref var outputRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(coefficients));
        ref var scratchRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(scratch));
        ref var matrixRows = ref Unsafe.Add(ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetArrayDataReference(BasisTransposed)), half);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(Basis);
        for (int r = 0; r < N; r++)
        {
            Unsafe.Add(ref scratchRows, 2 * r + half) = WeightedHalfRowSum(ref Unsafe.Add(ref input, r * N), ref matrixRows);
        }
        ref var scratchHalf = ref Unsafe.Add(ref scratchRows, half);
        for (int k = 0; k < N; k++)
        {
            Unsafe.Add(ref outputRows, 2 * k + half) = WeightedHalfRowSum(ref Unsafe.Add(ref weights, k * N), ref scratchHalf);
        }
    }

    /// <summary>
    /// One of <see cref="WeightedRowSum"/>'s two sums: over i of weights[i] times vector 2i of <paramref name="rows"/>.
    /// WeightedRowSum keeps its own interleaved copy: as two calls of this one it broadcast each weight twice, and
    /// 16,384 forward transforms went from 1.10-1.12 to 1.40 ms (shaper-steps, 2026-12-07).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> WeightedHalfRowSum(ref double weights, ref Vector256<double> rows)
    {
        var sum = Vector256<double>.Zero;
        sum += Vector256.Create(weights) * rows;
        sum += Vector256.Create(Unsafe.Add(ref weights, 1)) * Unsafe.Add(ref rows, 2);
        sum += Vector256.Create(Unsafe.Add(ref weights, 2)) * Unsafe.Add(ref rows, 4);
        sum += Vector256.Create(Unsafe.Add(ref weights, 3)) * Unsafe.Add(ref rows, 6);
        sum += Vector256.Create(Unsafe.Add(ref weights, 4)) * Unsafe.Add(ref rows, 8);
        sum += Vector256.Create(Unsafe.Add(ref weights, 5)) * Unsafe.Add(ref rows, 10);
        sum += Vector256.Create(Unsafe.Add(ref weights, 6)) * Unsafe.Add(ref rows, 12);
        sum += Vector256.Create(Unsafe.Add(ref weights, 7)) * Unsafe.Add(ref rows, 14);
        return sum;
    }

    /// <summary>
    /// In place: what <see cref="Inverse"/> gives for a block whose coefficients are zero outside bit k of
    /// <paramref name="nonZero"/> (k = v * 8 + u), summing only those. A zero term adds nothing to a sum but the sign of
    /// a zero, so every sample is <see cref="Inverse"/>'s, except that where that is a zero, its sign may differ (a test
    /// holds them equal). The mark shaper's inverse transforms are of blocks it has cleared to a few coefficients.
    /// </summary>
    public static void InverseSparse(Span<double> block, ulong nonZero, Span<double> scratch)
    {
        if (block.Length < N * N || scratch.Length < N * N)
        {
            throw new ArgumentException("a block holds 64 values");
        }
        ref double coefficients = ref MemoryMarshal.GetReference(block);
        ref var blockRows = ref Unsafe.As<double, Vector256<double>>(ref coefficients);
        ref var scratchRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(scratch));
        ref var basisRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetArrayDataReference(Basis));
        ref double weights = ref MemoryMarshal.GetArrayDataReference(BasisTransposed);
        // Rows first, as Transform: scratch row r = sum over the non-zero i of block[r, i] times basis row i.
        uint rows = 0;
        for (int r = 0; r < N; r++)
        {
            uint columns = (uint)(nonZero >> (r * N)) & 0xFF;
            if (columns == 0)
            {
                continue;
            }
            rows |= 1u << r;
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            do
            {
                int i = BitOperations.TrailingZeroCount(columns);
                columns &= columns - 1;
                var w = Vector256.Create(Unsafe.Add(ref coefficients, r * N + i));
                low += w * Unsafe.Add(ref basisRows, 2 * i);
                high += w * Unsafe.Add(ref basisRows, 2 * i + 1);
            }
            while (columns != 0);
            Unsafe.Add(ref scratchRows, 2 * r) = low;
            Unsafe.Add(ref scratchRows, 2 * r + 1) = high;
        }
        // Then columns: block row k = sum over the rows that had a coefficient of basis[r, k] times scratch row r.
        for (int k = 0; k < N; k++)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (uint left = rows; left != 0; left &= left - 1)
            {
                int r = BitOperations.TrailingZeroCount(left);
                var w = Vector256.Create(Unsafe.Add(ref weights, k * N + r));
                low += w * Unsafe.Add(ref scratchRows, 2 * r);
                high += w * Unsafe.Add(ref scratchRows, 2 * r + 1);
            }
            Unsafe.Add(ref blockRows, 2 * k) = low;
            Unsafe.Add(ref blockRows, 2 * k + 1) = high;
        }
    }

    /// <summary>
    /// Rows first: scratch row r = sum over i of block[r, i] times row i of <paramref name="rowMatrix"/> (the columns
    /// of the basis forward, its rows inverse); then columns: block row k = sum over r of
    /// <paramref name="columnMatrix"/>[k, r] times scratch row r. A row of eight doubles is two 4-wide vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform(Span<double> block, Span<double> scratch, double[] rowMatrix, double[] columnMatrix)
    {
        if (block.Length < N * N || scratch.Length < N * N)
        {
            throw new ArgumentException("a block holds 64 values");
        }
        // Unrolled, on references checked once above: with indexed spans the loops' bounds checks and counters cost
        // more than their arithmetic (a forward transform 0.10 us, half that unrolled). Same operations, same order.
        ref double samples = ref MemoryMarshal.GetReference(block);
        ref var blockRows = ref Unsafe.As<double, Vector256<double>>(ref samples);
        ref var scratchRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(scratch));
        ref var matrixRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetArrayDataReference(rowMatrix));
        ref double weights = ref MemoryMarshal.GetArrayDataReference(columnMatrix);
        for (int r = 0; r < N; r++)
        {
            WeightedRowSum(ref Unsafe.Add(ref samples, r * N), ref matrixRows,
                out Unsafe.Add(ref scratchRows, 2 * r), out Unsafe.Add(ref scratchRows, 2 * r + 1));
        }
        for (int k = 0; k < N; k++)
        {
            WeightedRowSum(ref Unsafe.Add(ref weights, k * N), ref scratchRows,
                out Unsafe.Add(ref blockRows, 2 * k), out Unsafe.Add(ref blockRows, 2 * k + 1));
        }
    }

    /// <summary>
    /// (low, high) = sum over i of weights[i] times row i of <paramref name="rows"/> (two vectors a row), from zero and
    /// in index order, a multiply then an add each: the scalar definition's sums, eight at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightedRowSum(ref double weights, ref Vector256<double> rows, out Vector256<double> low, out Vector256<double> high)
    {
        var sumLow = Vector256<double>.Zero;
        var sumHigh = Vector256<double>.Zero;
        var w = Vector256.Create(weights);
        sumLow += w * rows;
        sumHigh += w * Unsafe.Add(ref rows, 1);
        w = Vector256.Create(Unsafe.Add(ref weights, 1));
        sumLow += w * Unsafe.Add(ref rows, 2);
        sumHigh += w * Unsafe.Add(ref rows, 3);
        w = Vector256.Create(Unsafe.Add(ref weights, 2));
        sumLow += w * Unsafe.Add(ref rows, 4);
        sumHigh += w * Unsafe.Add(ref rows, 5);
        w = Vector256.Create(Unsafe.Add(ref weights, 3));
        sumLow += w * Unsafe.Add(ref rows, 6);
        sumHigh += w * Unsafe.Add(ref rows, 7);
        w = Vector256.Create(Unsafe.Add(ref weights, 4));
        sumLow += w * Unsafe.Add(ref rows, 8);
        sumHigh += w * Unsafe.Add(ref rows, 9);
        w = Vector256.Create(Unsafe.Add(ref weights, 5));
        sumLow += w * Unsafe.Add(ref rows, 10);
        sumHigh += w * Unsafe.Add(ref rows, 11);
        w = Vector256.Create(Unsafe.Add(ref weights, 6));
        sumLow += w * Unsafe.Add(ref rows, 12);
        sumHigh += w * Unsafe.Add(ref rows, 13);
        w = Vector256.Create(Unsafe.Add(ref weights, 7));
        sumLow += w * Unsafe.Add(ref rows, 14);
        sumHigh += w * Unsafe.Add(ref rows, 15);
        low = sumLow;
        high = sumHigh;
    }

    /// <summary>The scalar definition <see cref="Forward"/> must match, for tests.</summary>
    internal static void ForwardScalar(Span<double> block) => TransformScalar(block, inverse: false);

    /// <summary>The scalar definition <see cref="Inverse"/> must match, for tests.</summary>
    internal static void InverseScalar(Span<double> block) => TransformScalar(block, inverse: true);

    private static void TransformScalar(Span<double> block, bool inverse)
    {
        Span<double> rows = stackalloc double[N * N];
        for (int r = 0; r < N; r++)
        {
            for (int c = 0; c < N; c++)
            {
                double sum = 0;
                for (int i = 0; i < N; i++)
                {
                    // Forward: sum over x of f(r, x) basis(c, x); inverse: sum over u of F(r, u) basis(u, c).
                    sum += block[r * N + i] * (inverse ? Basis[i * N + c] : Basis[c * N + i]);
                }
                rows[r * N + c] = sum;
            }
        }
        for (int k = 0; k < N; k++)
        {
            for (int c = 0; c < N; c++)
            {
                double sum = 0;
                for (int r = 0; r < N; r++)
                {
                    sum += (inverse ? Basis[r * N + k] : Basis[k * N + r]) * rows[r * N + c];
                }
                block[k * N + c] = sum;
            }
        }
    }

    private static double[] Transposed(double[] matrix)
    {
        var transposed = new double[N * N];
        for (int u = 0; u < N; u++)
        {
            for (int x = 0; x < N; x++)
            {
                transposed[x * N + u] = matrix[u * N + x];
            }
        }
        return transposed;
    }

    private static double[] BuildBasis()
    {
        var basis = new double[N * N];
        for (int u = 0; u < N; u++)
        {
            double c = u == 0 ? Math.Sqrt(0.125) : 0.5;
            for (int x = 0; x < N; x++)
            {
                basis[u * N + x] = c * Math.Cos((2 * x + 1) * u * Math.PI / (2 * N));
            }
        }
        return basis;
    }
}
