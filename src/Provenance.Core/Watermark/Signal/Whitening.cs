using System.Buffers;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// The detector's front end, shared with the embedder's host analysis so that both see the same thing:
/// residual = luma - box mean (radius <c>residualRadius</c>), divided by the local RMS of that residual
/// (radius <c>normalizeRadius</c>). Subtracting the local mean flattens the host's steep low-frequency spectrum;
/// the RMS division keeps strong edges and textures from dominating the fold (a locally optimum detector for a
/// heavy-tailed host is close to this).
/// </summary>
internal static class Whitening
{
    /// <summary>Added to the local mean square before the root, so flat areas are not amplified without bound.</summary>
    public const float Floor = 1f;

    public static FloatPlane Residual(FloatPlane luma, int residualRadius, int normalizeRadius)
    {
        var residual = new FloatPlane(luma.Width, luma.Height);
        HighPassAndEnergy(luma, residual, null, residualRadius, normalizeRadius, normalize: true, VectorOps.Enabled);
        return residual;
    }

    /// <summary>
    /// residual = plane - box mean (radius <paramref name="residualRadius"/>) and energy = box mean of residual^2
    /// (radius <paramref name="normalizeRadius"/>), in one pass over the rows (<see cref="StreamingBoxBlur"/>: the
    /// whole-plane box blur's sums in the same order, so the results are those of blurring whole planes). With
    /// <paramref name="normalize"/> the residual is then divided by its local RMS, as <see cref="Residual"/> does;
    /// <paramref name="energy"/> may be null when it is not wanted.
    /// </summary>
    public static void HighPassAndEnergy(FloatPlane plane, FloatPlane residual, FloatPlane? energy, int residualRadius,
        int normalizeRadius, bool normalize, bool useVectors)
    {
        int width = plane.Width;
        int height = plane.Height;
        using var mean = new StreamingBoxBlur(width, height, residualRadius, useVectors);
        using var meanSquare = new StreamingBoxBlur(width, height, normalizeRadius, useVectors);
        var square = ArrayPool<float>.Shared.Rent(width);
        var energyRow = energy is null ? ArrayPool<float>.Shared.Rent(width) : null;
        try
        {
            int pushed = 0;
            int residualRows = 0;
            for (int y = 0; y < height; y++)
            {
                // Energy row y needs the residual rows its window reaches, and each of those the plane rows its own reaches.
                for (; residualRows <= Math.Min(y + normalizeRadius, height - 1); residualRows++)
                {
                    for (; pushed <= Math.Min(residualRows + residualRadius, height - 1); pushed++)
                    {
                        mean.Push(pushed, plane.Row(pushed));
                    }
                    var row = residual.Row(residualRows);
                    mean.Take(residualRows, row);
                    VectorOps.Subtract(row, plane.Row(residualRows), row, useVectors);
                    VectorOps.Square(square.AsSpan(0, width), row, useVectors);
                    meanSquare.Push(residualRows, square.AsSpan(0, width));
                }
                var local = energy is null ? energyRow.AsSpan(0, width) : energy.Row(y);
                meanSquare.Take(y, local);
                if (normalize)
                {
                    // Every square that reads residual row y has been taken already.
                    VectorOps.DivideByRms(residual.Row(y), local, Floor, useVectors);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(square);
            if (energyRow is not null)
            {
                ArrayPool<float>.Shared.Return(energyRow);
            }
        }
    }
}
