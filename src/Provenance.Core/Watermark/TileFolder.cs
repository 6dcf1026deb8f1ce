using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Folds a residual plane onto one tile under a geometric hypothesis (waxel size and rotation in plane pixels):
/// every pixel is mapped to tile coordinates and averaged into a 64 x 64 grid (two bins per waxel). All tile
/// copies add up coherently when the hypothesis is right, so the fold holds the pattern at a translation that is
/// still unknown.
/// </summary>
internal static class TileFolder
{
    public const int Oversample = 2;
    public const int Size = TileLayout.Size * Oversample;
    private const int Mask = Size - 1;
    private const int Shift = 6; // log2(Size)
    // A multiple of the fold size that keeps coordinates positive, so truncation is floor.
    private const double Offset = Size * 4096.0;

    public static void Fold(FloatPlane residual, double waxel, double theta, Span<float> fold, Span<int> counts) =>
        Fold(residual, waxel, theta, fold, counts, Vector256.IsHardwareAccelerated);

    /// <summary>As above; <paramref name="useVectors"/> false forces the scalar loops (tests compare the two).</summary>
    internal static void Fold(FloatPlane residual, double waxel, double theta, Span<float> fold, Span<int> counts, bool useVectors)
    {
        fold.Clear();
        counts.Clear();
        double cos = Math.Cos(theta) * Oversample / waxel;
        double sin = Math.Sin(theta) * Oversample / waxel;
        if (sin == 0)
        {
            FoldAxisAligned(residual, cos, fold, counts, useVectors);
        }
        else
        {
            FoldRotated(residual, cos, sin, fold, counts, useVectors);
        }
        double mean = 0;
        for (int i = 0; i < fold.Length; i++)
        {
            if (counts[i] > 0)
            {
                fold[i] /= counts[i];
            }
            mean += fold[i];
        }
        float m = (float)(mean / fold.Length);
        for (int i = 0; i < fold.Length; i++)
        {
            fold[i] -= m;
        }
    }

    // Fold coordinates of pixel (x, y): u = u0(y) + x cos, v = v0(y) - x sin, with the row start in double and the
    // steps along the row in float: exact enough (a few hundredths of a bin) and about twice as fast as double
    // arithmetic per pixel. Both paths below bin every pixel with exactly these expressions.
    private static float RowU(double cos, double sin, int width, int height, int y) =>
        (float)((0.5 - width * 0.5) * cos + (y + 0.5 - height * 0.5) * sin + Offset);

    private static float RowV(double cos, double sin, int width, int height, int y) =>
        (float)(-(0.5 - width * 0.5) * sin + (y + 0.5 - height * 0.5) * cos + Offset);

    /// <summary>
    /// No rotation: a pixel's bin column depends on x only and its bin row on y only, so whole rows are first summed
    /// into their bin row (vector adds), then each bin row's columns into their bins: the same bins as the per-pixel
    /// loop, with about one addition per pixel instead of two scattered ones.
    /// </summary>
    private static void FoldAxisAligned(FloatPlane residual, double cos, Span<float> fold, Span<int> counts, bool useVectors)
    {
        int width = residual.Width;
        int height = residual.Height;
        float cosF = (float)cos;
        float u0 = RowU(cos, 0, width, height, 0);
        var columnBin = ArrayPool<int>.Shared.Rent(width);
        var sums = ArrayPool<float>.Shared.Rent(Size * width);
        Span<int> rowsInBin = stackalloc int[Size];
        Span<int> columnsInBin = stackalloc int[Size];
        rowsInBin.Clear();
        columnsInBin.Clear();
        try
        {
            sums.AsSpan(0, Size * width).Clear();
            for (int x = 0; x < width; x++)
            {
                int bu = (int)(u0 + x * cosF) & Mask;
                columnBin[x] = bu;
                columnsInBin[bu]++;
            }
            for (int y = 0; y < height; y++)
            {
                float v0 = RowV(cos, 0, width, height, y);
                int bv = (int)v0 & Mask;
                rowsInBin[bv]++;
                VectorOps.Add(sums.AsSpan(bv * width, width), residual.Row(y), useVectors);
            }
            for (int bv = 0; bv < Size; bv++)
            {
                if (rowsInBin[bv] == 0)
                {
                    continue;
                }
                var binRow = fold.Slice(bv << Shift, Size);
                var src = sums.AsSpan(bv * width, width);
                for (int x = 0; x < width; x++)
                {
                    binRow[columnBin[x]] += src[x];
                }
                var countRow = counts.Slice(bv << Shift, Size);
                for (int bu = 0; bu < Size; bu++)
                {
                    countRow[bu] = rowsInBin[bv] * columnsInBin[bu];
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnBin);
            ArrayPool<float>.Shared.Return(sums);
        }
    }

    /// <summary>Any rotation: bins computed eight pixels at a time, then scattered.</summary>
    private static void FoldRotated(FloatPlane residual, double cos, double sin, Span<float> fold, Span<int> counts, bool useVectors)
    {
        int width = residual.Width;
        int height = residual.Height;
        float cosF = (float)cos;
        float sinF = (float)sin;
        var data = residual.Data;
        ref float foldRef = ref MemoryMarshal.GetReference(fold);
        ref int countRef = ref MemoryMarshal.GetReference(counts);
        Span<int> bins = stackalloc int[Vector256<int>.Count];
        var iota = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var mask = Vector256.Create(Mask);
        for (int y = 0; y < height; y++)
        {
            float u0 = RowU(cos, sin, width, height, y);
            float v0 = RowV(cos, sin, width, height, y);
            int row = y * width;
            int x = 0;
            if (useVectors && Vector256.IsHardwareAccelerated)
            {
                var vu0 = Vector256.Create(u0);
                var vv0 = Vector256.Create(v0);
                var vcos = Vector256.Create(cosF);
                var vsin = Vector256.Create(sinF);
                for (; x <= width - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    // (float)x exactly, as the scalar loop converts it.
                    var xs = Vector256.Create((float)x) + iota;
                    var bu = Vector256.ConvertToInt32(vu0 + xs * vcos) & mask;
                    var bv = Vector256.ConvertToInt32(vv0 - xs * vsin) & mask;
                    (Vector256.ShiftLeft(bv, Shift) | bu).CopyTo(bins);
                    for (int k = 0; k < bins.Length; k++)
                    {
                        int bin = bins[k];
                        Unsafe.Add(ref foldRef, bin) += data[row + x + k];
                        Unsafe.Add(ref countRef, bin)++;
                    }
                }
            }
            for (; x < width; x++)
            {
                int bu = (int)(u0 + x * cosF) & Mask;
                int bv = (int)(v0 - x * sinF) & Mask;
                int bin = (bv << Shift) | bu;
                Unsafe.Add(ref foldRef, bin) += data[row + x];
                Unsafe.Add(ref countRef, bin)++;
            }
        }
    }

    /// <summary>Rotates a fold by 90 degrees (dst must not alias src).</summary>
    public static void Rotate90(ReadOnlySpan<float> src, Span<float> dst)
    {
        for (int by = 0; by < Size; by++)
        {
            for (int bx = 0; bx < Size; bx++)
            {
                dst[by * Size + bx] = src[(Mask - bx) * Size + by];
            }
        }
    }
}
