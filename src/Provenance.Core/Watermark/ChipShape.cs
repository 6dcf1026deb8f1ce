namespace Provenance.Core.Watermark;

/// <summary>
/// How chips become a continuous pattern: chip (i, j) sits at the centre of its waxel, (i + 0.5, j + 0.5) in
/// waxel units, and values in between follow a raised-cosine blend of the two nearest chips along each axis.
/// Each chip is therefore a smooth bump (1 + cos(pi t)) / 2 of two waxels' width: no edges for JPEG to
/// ring on, little energy above half the waxel frequency (what a downscale or blur removes first).
/// </summary>
internal static class ChipShape
{
    /// <summary>Blend weight of the right-hand chip at fraction <paramref name="f"/> between two chip centres.</summary>
    public static float Blend(double f) => (float)((1 - Math.Cos(Math.PI * f)) * 0.5);

    /// <summary>A chip's footprint at distance <paramref name="t"/> waxels from its centre (0 beyond 1).</summary>
    public static float Footprint(double t) => Math.Abs(t) >= 1 ? 0f : (float)((1 + Math.Cos(Math.PI * t)) * 0.5);

    /// <summary>
    /// For each pixel along an axis of <paramref name="length"/> pixels: the two chip indices (mod the tile size)
    /// whose centres bracket the pixel centre and the blend weight of the second.
    /// </summary>
    public static void Axis(int length, double waxel, Span<int> first, Span<int> second, Span<float> weight)
    {
        for (int p = 0; p < length; p++)
        {
            double t = (p + 0.5) / waxel - 0.5;
            double floor = Math.Floor(t);
            int i = (int)floor;
            first[p] = Mod(i);
            second[p] = Mod(i + 1);
            weight[p] = Blend(t - floor);
        }
    }

    public static int Mod(int i) => i & (TileLayout.Size - 1);
}
