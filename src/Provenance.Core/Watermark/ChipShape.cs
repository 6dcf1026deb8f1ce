using System.Runtime.Intrinsics;

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
    /// <see cref="Footprint(double)"/> for a fraction in [0, 1), in float without a cosine call:
    /// (1 - sin(pi (f - 1/2))) / 2 with sin from its odd Taylor polynomial to the 11th power (error under 1e-7 on
    /// the interval). The vector overload does the same operations lane by lane, so both agree exactly.
    /// </summary>
    public static float FootprintFast(float f)
    {
        float z = (f - 0.5f) * MathF.PI;
        float z2 = z * z;
        float p = SinC11;
        p = p * z2 + SinC9;
        p = p * z2 + SinC7;
        p = p * z2 + SinC5;
        p = p * z2 + SinC3;
        p = p * z2 + 1f;
        return 0.5f - 0.5f * (z * p);
    }

    /// <inheritdoc cref="FootprintFast(float)"/>
    public static Vector256<float> FootprintFast(Vector256<float> f)
    {
        var z = (f - Vector256.Create(0.5f)) * Vector256.Create(MathF.PI);
        var z2 = z * z;
        var p = Vector256.Create(SinC11);
        p = p * z2 + Vector256.Create(SinC9);
        p = p * z2 + Vector256.Create(SinC7);
        p = p * z2 + Vector256.Create(SinC5);
        p = p * z2 + Vector256.Create(SinC3);
        p = p * z2 + Vector256.Create(1f);
        return Vector256.Create(0.5f) - Vector256.Create(0.5f) * (z * p);
    }

    private const float SinC3 = -1f / 6;
    private const float SinC5 = 1f / 120;
    private const float SinC7 = -1f / 5040;
    private const float SinC9 = 1f / 362880;
    private const float SinC11 = -1f / 39916800;

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
