using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// The two sums the mark shaper weighs a block by (<see cref="JpegMarkShaper"/>): the energy of the mark's change at
/// the AC coefficients the captured plane codes, and at those it quantises to zero, for <see cref="Blocks"/> blocks
/// at once. Each sum runs over the 63 AC coefficients in index order, one add after another, so a block's sums are a
/// chain of 63 dependent adds; side by side, one vector lane a block, four chains cost the time of one, and every lane
/// does exactly the operations the one-block loop does (a test holds the shaped planes equal).
/// </summary>
internal static class JpegShapingEnergy
{
    /// <summary>How many blocks one call sums: one per lane of a 4-wide vector of doubles.</summary>
    public const int Blocks = 4;

    private const int VectorsPerBlock = 16;

    /// <summary>
    /// For block j of <paramref name="changes"/> (64 coefficients each, one block after another) and its
    /// <paramref name="coded"/> mask (1 where coded, 0 where not): lane j of <paramref name="kept"/> = the sum over
    /// k = 1..63 of change² × coded, and of <paramref name="removed"/> the sum of change² − change² × coded, both from
    /// zero in index order. Needs AVX.
    /// </summary>
    public static void Sums(ReadOnlySpan<double> changes, ReadOnlySpan<double> coded, out Vector256<double> kept, out Vector256<double> removed)
    {
        if (changes.Length < Blocks * 64 || coded.Length < Blocks * 64)
        {
            throw new ArgumentException($"{Blocks} blocks of 64 coefficients");
        }
        ref var changeRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(changes));
        ref var codedRows = ref Unsafe.As<double, Vector256<double>>(ref MemoryMarshal.GetReference(coded));
        var keptSum = Vector256<double>.Zero;
        var removedSum = Vector256<double>.Zero;
        for (int g = 0; g < VectorsPerBlock; g++)
        {
            // Coefficients 4g..4g+3 of the four blocks, turned so that a vector holds one coefficient of each block.
            Transpose(ref changeRows, g, out var c0, out var c1, out var c2, out var c3);
            Transpose(ref codedRows, g, out var m0, out var m1, out var m2, out var m3);
            if (g > 0)
            {
                Add(c0, m0, ref keptSum, ref removedSum); // not the DC
            }
            Add(c1, m1, ref keptSum, ref removedSum);
            Add(c2, m2, ref keptSum, ref removedSum);
            Add(c3, m3, ref keptSum, ref removedSum);
        }
        kept = keptSum;
        removed = removedSum;
    }

    /// <summary>The one-block loop's step: energy = change², kept += energy × coded, removed += energy − energy × coded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector256<double> change, Vector256<double> coded, ref Vector256<double> kept, ref Vector256<double> removed)
    {
        var energy = change * change;
        kept += energy * coded;
        removed += energy - energy * coded;
    }

    /// <summary>Vector <paramref name="g"/> of each of the four blocks, transposed: vector t holds element t of each, block j in lane j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<double> rows, int g,
        out Vector256<double> t0, out Vector256<double> t1, out Vector256<double> t2, out Vector256<double> t3)
    {
        var v0 = Unsafe.Add(ref rows, g);
        var v1 = Unsafe.Add(ref rows, VectorsPerBlock + g);
        var v2 = Unsafe.Add(ref rows, 2 * VectorsPerBlock + g);
        var v3 = Unsafe.Add(ref rows, 3 * VectorsPerBlock + g);
        var evens01 = Avx.UnpackLow(v0, v1);   // v0[0] v1[0] v0[2] v1[2]
        var odds01 = Avx.UnpackHigh(v0, v1);   // v0[1] v1[1] v0[3] v1[3]
        var evens23 = Avx.UnpackLow(v2, v3);
        var odds23 = Avx.UnpackHigh(v2, v3);
        t0 = Avx.Permute2x128(evens01, evens23, 0x20);
        t1 = Avx.Permute2x128(odds01, odds23, 0x20);
        t2 = Avx.Permute2x128(evens01, evens23, 0x31);
        t3 = Avx.Permute2x128(odds01, odds23, 0x31);
    }
}
