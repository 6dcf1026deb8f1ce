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
        var matrixRows = MemoryMarshal.Cast<double, Vector256<double>>(rowMatrix);
        var blockRows = MemoryMarshal.Cast<double, Vector256<double>>(block);
        var scratchRows = MemoryMarshal.Cast<double, Vector256<double>>(scratch);
        for (int r = 0; r < N; r++)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (int i = 0; i < N; i++)
            {
                var input = Vector256.Create(block[r * N + i]);
                low += input * matrixRows[2 * i];
                high += input * matrixRows[2 * i + 1];
            }
            scratchRows[2 * r] = low;
            scratchRows[2 * r + 1] = high;
        }
        for (int k = 0; k < N; k++)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (int r = 0; r < N; r++)
            {
                var weight = Vector256.Create(columnMatrix[k * N + r]);
                low += weight * scratchRows[2 * r];
                high += weight * scratchRows[2 * r + 1];
            }
            blockRows[2 * k] = low;
            blockRows[2 * k + 1] = high;
        }
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
