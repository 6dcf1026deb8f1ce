namespace Provenance.Core.Watermark;

/// <summary>
/// The synchronisation template: twelve sinusoids on the tile's own frequency lattice (six base frequencies and
/// their quarter-turn rotations), with keyed phases, added to the chips. A random chip tile spreads its energy over
/// thousands of spectral lines, too thin to find by their magnitude when the host is strong; twelve lines carrying
/// a fifth of the energy stand far above the whitened host spectrum, so their constellation gives scale and
/// rotation (modulo 90 degrees) even on small images after a downscale. Being periodic with the tile it adds to
/// the pilot when the fold is correlated for translation.
/// </summary>
internal sealed class SyncTemplate
{
    /// <summary>Base frequencies in cycles per tile (first quadrant); each also appears turned by 90 degrees.</summary>
    public static readonly (int M, int N)[] BaseFrequencies = [(8, 1), (11, 3), (9, 4), (7, 6), (5, 9), (2, 11)];

    /// <summary>All twelve template frequencies (cycles per tile), the base set followed by its rotations.</summary>
    public static readonly (int M, int N)[] Frequencies =
        [.. BaseFrequencies, .. BaseFrequencies.Select(f => (-f.N, f.M))];

    public SyncTemplate(ReadOnlySpan<byte> key)
    {
        var random = new KeyedRandom(key, "provenance.watermark.v1/sync");
        var phases = new double[Frequencies.Length];
        for (int k = 0; k < phases.Length; k++)
        {
            phases[k] = 2 * Math.PI * (random.NextUInt64() >> 11) / (1UL << 53);
        }
        Chips = new float[TileLayout.Chips];
        double sumSq = 0;
        for (int j = 0; j < TileLayout.Size; j++)
        {
            for (int i = 0; i < TileLayout.Size; i++)
            {
                double v = 0;
                for (int k = 0; k < Frequencies.Length; k++)
                {
                    // Chip (i, j) sits at tile position (i + 0.5, j + 0.5) waxels.
                    v += Math.Cos(2 * Math.PI * (Frequencies[k].M * (i + 0.5) + Frequencies[k].N * (j + 0.5)) / TileLayout.Size + phases[k]);
                }
                Chips[j * TileLayout.Size + i] = (float)v;
                sumSq += v * v;
            }
        }
        // Unit RMS per chip.
        float norm = (float)Math.Sqrt(TileLayout.Chips / sumSq);
        for (int c = 0; c < Chips.Length; c++)
        {
            Chips[c] *= norm;
        }
    }

    /// <summary>The template sampled at the chip centres, RMS 1.</summary>
    public float[] Chips { get; }
}
