namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Detector-side compensation of additive noise (spectral subtraction on cell energies). Noise added to the marked
/// audio adds its own energy N to every cell, so a pair's log-energy difference log(S1 + N1) - log(S2 + N2) is pulled
/// towards log(N1 / N2): the feature leaves its lattice point by an amount that grows with the host's own difference
/// and with N, and a cell the noise dominates keeps almost nothing of the mark. The floor of each band is estimated
/// over the window as a low percentile of its cell energies over time (minimum statistics: speech pauses and the
/// quiet moments of music leave the noise alone there), scaled up because the lower tail of the noise's own
/// energies sits under its mean. Subtracting it restores the lattice in cells well above the noise; cells that do
/// not clear the floor by a margin read as silent and are skipped.
/// </summary>
/// <remarks>
/// On audio without noise the same percentile is the band's quietest signal, and subtracting it distorts the
/// quiet cells that carry the mark best. The detector therefore reads every alignment both ways and lets the pilot
/// choose (<see cref="AudioDetector"/>). Either way the soft readings of unmarked audio stay readings against keyed
/// dithers, so the false-accept argument (the 48-bit check, at most <see cref="AudioDetector.MaxDecodes"/> decodes)
/// is untouched.
/// </remarks>
internal static class NoiseFloor
{
    /// <summary>Each band's floor: <paramref name="scale"/> times the <paramref name="percentile"/> of its cells over
    /// the window's slots.</summary>
    public static double[] Estimate(ReadOnlySpan<double> cells, int bands, double percentile, double scale)
    {
        int slots = cells.Length / bands;
        var floor = new double[bands];
        if (slots == 0)
        {
            return floor;
        }
        var column = new double[slots];
        int at = Math.Clamp((int)Math.Round(percentile * (slots - 1)), 0, slots - 1);
        for (int b = 0; b < bands; b++)
        {
            for (int s = 0; s < slots; s++)
            {
                column[s] = cells[(s * bands) + b];
            }
            floor[b] = scale * Select(column, at);
        }
        return floor;
    }

    /// <summary>
    /// The value a sort would put at <paramref name="k"/> (Hoare's selection, reordering <paramref name="values"/>
    /// in place): the detector takes a percentile of every band for each of its alignments, and a sort of each column
    /// cost more than the rest of the estimate.
    /// </summary>
    internal static double Select(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            double pivot = values[k];
            int i = lo, j = hi;
            do
            {
                // The bounds only matter for NaN (from a hostile float file), which compares false both ways.
                while (i < hi && values[i] < pivot)
                {
                    i++;
                }
                while (j > lo && pivot < values[j])
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            while (i <= j);
            if (j < k)
            {
                lo = i;
            }
            if (k < i)
            {
                hi = j;
            }
        }
        return values[k];
    }

    /// <summary>Cells with their band's floor subtracted, and 0 (silent) where what is left is under
    /// <paramref name="margin"/> times the floor.</summary>
    public static double[] Subtract(ReadOnlySpan<double> cells, double[] floor, double margin)
    {
        int bands = floor.Length;
        var result = new double[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            double n = floor[i % bands];
            double e = cells[i] - n;
            result[i] = e > margin * n ? e : 0;
        }
        return result;
    }
}
