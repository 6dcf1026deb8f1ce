namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Scalar dither modulation (quantisation index modulation, Chen and Wornell): a bit is written by moving a feature
/// onto the lattice step * (n + dither + bit / 2) and read from where the feature sits relative to that lattice.
/// The host's own value does not interfere with the reading (unlike spread spectrum, where the host is noise that
/// the mark must outweigh), which is what lets a mark 30 dB under the signal carry a payload in 5 seconds. The
/// feature here is a difference of log energies, so a gain change does not move it.
/// </summary>
internal static class DitherModulation
{
    /// <summary>Soft reading in [-1, 1]: +1 on a bit-0 lattice point, -1 on a bit-1 point, and for a feature the
    /// mark never touched a value with mean 0 and variance 1/2 whatever the host (the dither is uniform).</summary>
    public static double Soft(double feature, double dither, double step)
    {
        double phase = (feature / step) - dither;
        return Math.Cos(2 * Math.PI * phase);
    }

    /// <summary>The change that moves <paramref name="feature"/> to the nearest lattice point of <paramref name="bit"/>.</summary>
    public static double Shift(double feature, double dither, int bit, double step)
    {
        double u = (feature / step) - dither - (bit * 0.5);
        return (Math.Round(u) - u) * step;
    }
}
