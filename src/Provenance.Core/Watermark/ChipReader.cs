using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Reads the 32 x 32 chip values once the geometry and the pilot's position are known: every residual pixel is
/// mapped to continuous chip coordinates and feeds the 2 x 2 chips around it with the chip's raised-cosine
/// footprint (a matched filter, summed over all tiles). Working from pixels rather than from the binned fold
/// keeps sub-bin accuracy, and it is the same readout the embedder's host analysis predicts.
/// </summary>
internal static class ChipReader
{
    private const int N = TileFolder.Size;
    private const double CentreOffset = TileFolder.Oversample * 0.5 - 0.5;

    public static void Read(FloatPlane residual, double waxel, double theta, PilotMatch match, Span<float> chips) =>
        Read(residual, waxel, theta, match, chips, VectorOps.Enabled);

    /// <summary>As above; <paramref name="useVectors"/> false forces the scalar loops (tests compare the two).</summary>
    internal static void Read(FloatPlane residual, double waxel, double theta, PilotMatch match, Span<float> chips, bool useVectors)
    {
        chips.Clear();
        double cos = Math.Cos(theta) * TileFolder.Oversample / waxel;
        double sin = Math.Sin(theta) * TileFolder.Oversample / waxel;
        const double wrap = N * 4096.0;
        // Fold coordinates in bin-index units (integer = bin centre), as TileFolder bins them, are affine in the
        // pixel position: a = a0 + ax x + ay y, b = b0 + bx x + by y.
        double rx = 0.5 - residual.Width * 0.5;
        double ry = 0.5 - residual.Height * 0.5;
        double a0 = rx * cos + ry * sin - 0.5 + wrap, ax = cos, ay = sin;
        double b0 = -rx * sin + ry * cos - 0.5 + wrap, bx = -sin, by = cos;
        for (int k = 0; k < match.Orientation; k++)
        {
            (a0, ax, ay, b0, bx, by) = (wrap + N - 1 - b0, -bx, -by, a0, ax, ay);
        }
        // Chip (i, j) sits at bin (o i + o/2 - 1/2 + shift) (o bins per waxel); convert to chip units.
        const double o = TileFolder.Oversample;
        var ci = new Affine((a0 - CentreOffset - match.ShiftX) / o, ax / o, ay / o);
        var cj = new Affine((b0 - CentreOffset - match.ShiftY) / o, bx / o, by / o);
        if (sin == 0)
        {
            ReadAxisAligned(residual, ci, cj, chips, useVectors);
        }
        else
        {
            ReadRotated(residual, ci, cj, chips, useVectors);
        }
    }

    /// <summary>
    /// Chip readout when each chip coordinate depends on one pixel coordinate only (no rotation): rows are first
    /// summed into the chip rows (or columns) they feed, with their footprint weights (vector adds), then each of
    /// those sums is spread over the chips along the other axis. The embedder's host analysis uses it too.
    /// </summary>
    /// <param name="columnChip">Per pixel column: the first of the two chips (along the axis x feeds) it touches.</param>
    /// <param name="columnWeight">Per pixel column: the footprint weight of that chip (the next one gets 1 - it).</param>
    /// <param name="rowChip">Per pixel row, likewise.</param>
    /// <param name="rowWeight">Per pixel row, likewise.</param>
    /// <param name="columnsFeedChipRows">False when x selects the chip column (i) and y the chip row (j); true when
    /// swapped (the pattern read a quarter turn away).</param>
    public static void AccumulateSeparable(FloatPlane plane, ReadOnlySpan<int> columnChip, ReadOnlySpan<float> columnWeight,
        ReadOnlySpan<int> rowChip, ReadOnlySpan<float> rowWeight, bool columnsFeedChipRows, Span<float> chips, bool useVectors)
    {
        int width = plane.Width;
        var sums = ArrayPool<float>.Shared.Rent(TileLayout.Size * width);
        try
        {
            sums.AsSpan(0, TileLayout.Size * width).Clear();
            for (int y = 0; y < plane.Height; y++)
            {
                AddRowToLines(sums, width, plane.Row(y), rowChip[y], rowWeight[y], useVectors);
            }
            LinesToChips(sums, width, columnChip, columnWeight, columnsFeedChipRows, chips);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
        }
    }

    /// <summary>
    /// <see cref="AccumulateSeparable"/>'s first half for one pixel row: adds the row to the two chip lines it feeds
    /// (<paramref name="lines"/> holds <see cref="TileLayout.Size"/> lines of <paramref name="width"/> sums).
    /// </summary>
    public static void AddRowToLines(float[] lines, int width, ReadOnlySpan<float> row, int chip, float weight, bool useVectors)
    {
        VectorOps.AddScaled(lines.AsSpan(chip * width, width), row, weight, useVectors);
        VectorOps.AddScaled(lines.AsSpan(((chip + 1) & (TileLayout.Size - 1)) * width, width), row, 1 - weight, useVectors);
    }

    /// <summary><see cref="AccumulateSeparable"/>'s second half: each line's sums spread over the chips along the other axis.</summary>
    public static void LinesToChips(float[] lines, int width, ReadOnlySpan<int> columnChip, ReadOnlySpan<float> columnWeight,
        bool columnsFeedChipRows, Span<float> chips)
    {
        const int n = TileLayout.Size;
        // lines[r][x]: the rows' contributions to chip line r (a chip row j, or a chip column i when swapped).
        int lineStride = columnsFeedChipRows ? 1 : n;
        int alongStride = columnsFeedChipRows ? n : 1;
        for (int line = 0; line < n; line++)
        {
            var src = lines.AsSpan(line * width, width);
            int lineBase = line * lineStride;
            for (int x = 0; x < width; x++)
            {
                int c = columnChip[x];
                float w = columnWeight[x];
                float v = src[x];
                chips[lineBase + c * alongStride] += w * v;
                chips[lineBase + ((c + 1) & (n - 1)) * alongStride] += (1 - w) * v;
            }
        }
    }

    private static void ReadAxisAligned(FloatPlane residual, Affine ci, Affine cj, Span<float> chips, bool useVectors)
    {
        int width = residual.Width;
        int height = residual.Height;
        // With no rotation each of ci, cj has a zero coefficient on x or on y (a quarter-turn orientation swaps them).
        bool swapped = ci.X == 0;
        var along = swapped ? cj : ci;   // the chip coordinate x drives
        var across = swapped ? ci : cj;  // the one y drives
        var columnChip = ArrayPool<int>.Shared.Rent(width);
        var columnWeight = ArrayPool<float>.Shared.Rent(width);
        var rowChip = ArrayPool<int>.Shared.Rent(height);
        var rowWeight = ArrayPool<float>.Shared.Rent(height);
        try
        {
            for (int x = 0; x < width; x++)
            {
                Split(along.At(x, 0), out columnChip[x], out columnWeight[x]);
            }
            for (int y = 0; y < height; y++)
            {
                Split(across.At(0, y), out rowChip[y], out rowWeight[y]);
            }
            AccumulateSeparable(residual, columnChip.AsSpan(0, width), columnWeight.AsSpan(0, width),
                rowChip.AsSpan(0, height), rowWeight.AsSpan(0, height), swapped, chips, useVectors);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnChip);
            ArrayPool<float>.Shared.Return(columnWeight);
            ArrayPool<int>.Shared.Return(rowChip);
            ArrayPool<float>.Shared.Return(rowWeight);
        }
    }

    private static void Split(double coordinate, out int chip, out float weight)
    {
        double floor = Math.Floor(coordinate);
        chip = ChipShape.Mod((int)(long)floor);
        weight = ChipShape.Footprint(coordinate - floor);
    }

    /// <summary>
    /// Any rotation: per row, the chip coordinates' fractional start in double, the steps along the row in float
    /// (exact to about 1e-5 chip); weights for eight pixels at a time, then the four chip updates per pixel.
    /// </summary>
    private static void ReadRotated(FloatPlane residual, Affine ci, Affine cj, Span<float> chips, bool useVectors)
    {
        int width = residual.Width;
        ref float chipRef = ref MemoryMarshal.GetReference(chips);
        Span<int> i0s = stackalloc int[Vector256<float>.Count];
        Span<int> j0s = stackalloc int[Vector256<float>.Count];
        Span<float> wis = stackalloc float[Vector256<float>.Count];
        Span<float> wjs = stackalloc float[Vector256<float>.Count];
        float stepI = (float)ci.X;
        float stepJ = (float)cj.X;
        var iota = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        for (int y = 0; y < residual.Height; y++)
        {
            var row = residual.Row(y);
            double startI = ci.At(0, y);
            double startJ = cj.At(0, y);
            double floorI = Math.Floor(startI);
            double floorJ = Math.Floor(startJ);
            int baseI = ChipShape.Mod((int)(long)floorI);
            int baseJ = ChipShape.Mod((int)(long)floorJ);
            float fracI = (float)(startI - floorI);
            float fracJ = (float)(startJ - floorJ);
            int x = 0;
            if (useVectors && VectorOps.Enabled)
            {
                var vfi = Vector256.Create(fracI);
                var vfj = Vector256.Create(fracJ);
                var vsi = Vector256.Create(stepI);
                var vsj = Vector256.Create(stepJ);
                var vbi = Vector256.Create(baseI);
                var vbj = Vector256.Create(baseJ);
                var mask = Vector256.Create(TileLayout.Size - 1);
                for (; x <= width - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    var xs = Vector256.Create((float)x) + iota;
                    var ti = vfi + xs * vsi;
                    var tj = vfj + xs * vsj;
                    var fi = Vector256.Floor(ti);
                    var fj = Vector256.Floor(tj);
                    ((Vector256.ConvertToInt32(fi) + vbi) & mask).CopyTo(i0s);
                    ((Vector256.ConvertToInt32(fj) + vbj) & mask).CopyTo(j0s);
                    ChipShape.FootprintFast(ti - fi).CopyTo(wis);
                    ChipShape.FootprintFast(tj - fj).CopyTo(wjs);
                    for (int k = 0; k < Vector256<float>.Count; k++)
                    {
                        Spread(ref chipRef, row[x + k], i0s[k], j0s[k], wis[k], wjs[k]);
                    }
                }
            }
            for (; x < width; x++)
            {
                float ti = fracI + x * stepI;
                float tj = fracJ + x * stepJ;
                float fi = MathF.Floor(ti);
                float fj = MathF.Floor(tj);
                int i0 = ((int)fi + baseI) & (TileLayout.Size - 1);
                int j0 = ((int)fj + baseJ) & (TileLayout.Size - 1);
                Spread(ref chipRef, row[x], i0, j0, ChipShape.FootprintFast(ti - fi), ChipShape.FootprintFast(tj - fj));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spread(ref float chips, float v, int i0, int j0, float wi, float wj)
    {
        const int n = TileLayout.Size;
        int i1 = (i0 + 1) & (n - 1);
        int r0 = j0 * n;
        int r1 = ((j0 + 1) & (n - 1)) * n;
        Unsafe.Add(ref chips, r0 + i0) += v * wi * wj;
        Unsafe.Add(ref chips, r0 + i1) += v * (1 - wi) * wj;
        Unsafe.Add(ref chips, r1 + i0) += v * wi * (1 - wj);
        Unsafe.Add(ref chips, r1 + i1) += v * (1 - wi) * (1 - wj);
    }

    /// <summary>A chip coordinate as an affine function of the pixel position.</summary>
    private readonly record struct Affine(double Origin, double X, double Y)
    {
        public double At(double x, double y) => Origin + X * x + Y * y;
    }
}
