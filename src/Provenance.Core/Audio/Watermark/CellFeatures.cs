namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// The feature the mark moves: the log energy of each cell (a band over one slot of four frames), taken relative to
/// the slot's mean over all bands (which removes the loudness contour and any gain change), minus the same quantity
/// averaged over the slots before and after (which removes the static spectral envelope and the harmonic structure of
/// sustained notes: comparing a band with its neighbouring bands instead doubled the host's residual on music).
/// What is left is how the spectral shape changes from slot to slot, plus the mark. Log energies sit on a floor 40 dB under the mean cell energy,
/// so that silence and a codec's empty bands give residuals near zero instead of noise-sized ones.
/// </summary>
internal static class CellFeatures
{
    private const double FloorRelative = 1e-4;

    /// <summary>Number of whole slots when slots start at frame <paramref name="phase"/>.</summary>
    public static int SlotCount(int frames, int phase) => Math.Max(0, (frames - phase) / MarkLayout.FramesPerSlot);

    /// <summary>Log cell energies: result[slot * bands + band].</summary>
    public static float[] LogEnergies(ReadOnlySpan<float> frameEnergies, int bands, int phase)
    {
        int frames = frameEnergies.Length / bands;
        int slots = SlotCount(frames, phase);
        var cells = new double[slots * bands];
        double total = 0;
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

    /// <summary>Residual of each cell: its log energy minus the slot's mean log energy over all bands (the
    /// loudness contour), minus the same quantity averaged over the slots before and after.</summary>
    public static float[] Residuals(ReadOnlySpan<float> log, int bands)
    {
        int slots = log.Length / bands;
        var shape = new float[log.Length];
        for (int s = 0; s < slots; s++)
        {
            double mean = 0;
            for (int b = 0; b < bands; b++)
            {
                mean += log[(s * bands) + b];
            }
            mean /= bands;
            for (int b = 0; b < bands; b++)
            {
                shape[(s * bands) + b] = (float)(log[(s * bands) + b] - mean);
            }
        }
        var r = new float[log.Length];
        for (int s = 0; s < slots; s++)
        {
            for (int b = 0; b < bands; b++)
            {
                int i = (s * bands) + b;
                float sum = 0;
                int n = 0;
                if (s > 0) { sum += shape[i - bands]; n++; }
                if (s + 1 < slots) { sum += shape[i + bands]; n++; }
                r[i] = n == 0 ? 0 : shape[i] - (sum / n);
            }
        }
        return r;
    }
}
