namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// How much each cell's energy may change. A simple simultaneous-masking model: the masking threshold of a cell is
/// the energy of every band of the same slot spread over frequency with a fall of <c>spreadDbPerBand</c> per band
/// (bands are 0.3-0.5 Bark wide, so about 20-25 dB per Bark, the lower skirt of the usual spreading functions),
/// lowered by <c>offsetDb</c>. The mark added to a cell (its own sound scaled by a gain) must stay under that
/// threshold, which bounds the cell's change of log energy; a quiet cell beside a loud band may move more than a
/// loud one. Cells far under the mean (silence, a codec's empty bands) are not touched at all.
/// </summary>
internal static class PsychoacousticMask
{
    // Largest change of a cell's log energy (nepers; 1.2 is 5.2 dB), whatever the mask allows.
    private const double MaxLogChange = 1.2;

    /// <summary>Lower and upper bounds of each cell's change of log energy (nepers of energy), cell = slot * bands + band.</summary>
    public static (float[] Lower, float[] Upper) Bounds(ReadOnlySpan<double> cellEnergy, int bands, double spreadDbPerBand, double offsetDb,
        double silenceRelative = CellFeatures.SilenceRelative)
    {
        int cells = cellEnergy.Length;
        var lower = new float[cells];
        var upper = new float[cells];
        double mean = 0;
        foreach (double e in cellEnergy)
        {
            mean += e;
        }
        mean /= Math.Max(1, cells);
        double silence = silenceRelative * mean;
        double offset = Math.Pow(10, -offsetDb / 10);
        var spread = new double[bands];
        for (int d = 0; d < bands; d++)
        {
            spread[d] = Math.Pow(10, -spreadDbPerBand * d / 10);
        }
        for (int s = 0; s < cells / bands; s++)
        {
            var row = cellEnergy.Slice(s * bands, bands);
            for (int b = 0; b < bands; b++)
            {
                double e = row[b];
                if (!(e > silence))
                {
                    continue;
                }
                double threshold = 0;
                for (int b2 = 0; b2 < bands; b2++)
                {
                    threshold += row[b2] * spread[Math.Abs(b2 - b)];
                }
                // The mark in a cell is (g - 1) times its sound: (g - 1)^2 e <= offset * threshold.
                double a = Math.Sqrt(offset * threshold / e);
                int i = (s * bands) + b;
                upper[i] = (float)Math.Min(MaxLogChange, 2 * Math.Log(1 + a));
                lower[i] = (float)Math.Max(-MaxLogChange, 2 * Math.Log(Math.Max(0.1, 1 - a)));
            }
        }
        return (lower, upper);
    }
}
