namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Cell energies (a band over one slot of four frames) and their logarithms. Log energies sit on a floor 40 dB under
/// the mean cell energy, so that silence and a codec's empty bands read as a steady value instead of noise.
/// </summary>
internal static class CellFeatures
{
    private const double FloorRelative = 1e-4;

    /// <summary>Cells quieter than this, relative to the mean cell, carry no mark: a mark there would be audible in
    /// silence and unreadable after any codec. The embedder leaves them alone and the detector skips them.</summary>
    public const double SilenceRelative = 1e-3;

    /// <summary>Number of whole slots when slots start at frame <paramref name="phase"/>.</summary>
    public static int SlotCount(int frames, int phase) => Math.Max(0, (frames - phase) / MarkLayout.FramesPerSlot);

    /// <summary>Cell energies: result[slot * bands + band], slots starting at frame <paramref name="phase"/>.</summary>
    public static double[] CellEnergies(ReadOnlySpan<float> frameEnergies, int bands, int phase)
    {
        int frames = frameEnergies.Length / bands;
        int slots = SlotCount(frames, phase);
        var cells = new double[slots * bands];
        for (int s = 0; s < slots; s++)
        {
            int f0 = phase + (s * MarkLayout.FramesPerSlot);
            for (int f = f0; f < f0 + MarkLayout.FramesPerSlot; f++)
            {
                var row = frameEnergies.Slice(f * bands, bands);
                for (int b = 0; b < bands; b++)
                {
                    cells[(s * bands) + b] += row[b];
                }
            }
        }
        return cells;
    }

    /// <summary>The log energy (as <see cref="LogEnergies"/> gives it) under which a cell counts as silent.</summary>
    public static float SilenceLog(ReadOnlySpan<double> cells, double silenceRelative = SilenceRelative)
    {
        double total = 0;
        foreach (double c in cells)
        {
            total += c;
        }
        double mean = cells.Length == 0 ? 0 : total / cells.Length;
        return (float)Math.Log(Math.Max(1e-20, (silenceRelative + FloorRelative) * mean));
    }

    /// <summary>Natural log of each cell energy over the floor.</summary>
    public static float[] LogEnergies(ReadOnlySpan<double> cells)
    {
        double total = 0;
        foreach (double c in cells)
        {
            total += c;
        }
        double floor = cells.Length == 0 ? 1e-20 : Math.Max(1e-20, FloorRelative * total / cells.Length);
        var log = new float[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            log[i] = (float)Math.Log(cells[i] + floor);
        }
        return log;
    }
}
