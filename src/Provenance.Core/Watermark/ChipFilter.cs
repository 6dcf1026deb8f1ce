namespace Provenance.Core.Watermark;

/// <summary>
/// A high-pass on the chip grid (circular over the tile): each chip minus kappa times the mean of its eight
/// neighbours. Applied to the chips before they are drawn, it moves the pattern's energy out of the lowest
/// frequencies, where the host image is strongest and the detector's whitening discards it anyway, towards the
/// waxel frequency. The kernel is symmetric, so the detector applies the same filter to its chip readouts as
/// the matched filter.
/// </summary>
internal static class ChipFilter
{
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, float kappa)
    {
        const int n = TileLayout.Size;
        if (kappa == 0)
        {
            source.CopyTo(destination);
            return;
        }
        float k = kappa / 8f;
        for (int j = 0; j < n; j++)
        {
            int jm = ((j + n - 1) & (n - 1)) * n;
            int j0 = j * n;
            int jp = ((j + 1) & (n - 1)) * n;
            for (int i = 0; i < n; i++)
            {
                int im = (i + n - 1) & (n - 1);
                int ip = (i + 1) & (n - 1);
                float neighbours = source[jm + im] + source[jm + i] + source[jm + ip]
                    + source[j0 + im] + source[j0 + ip]
                    + source[jp + im] + source[jp + i] + source[jp + ip];
                destination[j0 + i] = source[j0 + i] - k * neighbours;
            }
        }
    }
}
