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
        var residual = HighPass(luma, residualRadius);
        using var energy = LocalEnergy(residual, normalizeRadius);
        VectorOps.DivideByRms(residual.Span, energy.Span, Floor, VectorOps.Enabled);
        return residual;
    }

    /// <summary>plane - box mean of radius <paramref name="radius"/>.</summary>
    public static FloatPlane HighPass(FloatPlane plane, int radius)
    {
        var result = new FloatPlane(plane.Width, plane.Height);
        HighPass(plane, result, radius);
        return result;
    }

    /// <summary>As <see cref="HighPass(FloatPlane, int)"/>, into a plane of the same size.</summary>
    public static void HighPass(FloatPlane plane, FloatPlane result, int radius)
    {
        PlaneFilters.BoxBlur(plane, result, radius);
        VectorOps.Subtract(result.Span, plane.Span, result.Span, VectorOps.Enabled);
    }

    /// <summary>Box mean of the square, radius <paramref name="radius"/>.</summary>
    public static FloatPlane LocalEnergy(FloatPlane residual, int radius)
    {
        var energy = new FloatPlane(residual.Width, residual.Height);
        LocalEnergy(residual, energy, radius);
        return energy;
    }

    /// <summary>As <see cref="LocalEnergy(FloatPlane, int)"/>, into a plane of the same size.</summary>
    public static void LocalEnergy(FloatPlane residual, FloatPlane energy, int radius)
    {
        VectorOps.Square(energy.Span, residual.Span, VectorOps.Enabled);
        PlaneFilters.BoxBlur(energy, energy, radius);
    }
}
