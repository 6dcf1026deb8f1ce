using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Chooses the change of each cell's log energy. Every unit (a payload bit or a pilot unit) of every block
/// repetition should read, in the detector's residuals, at least <c>margin</c> in its target direction; where the
/// host already gives that, nothing is spent; where it falls short, the shortfall is spread over the unit's cells
/// with their keyed signs, each change capped. The residual of a cell depends on its neighbours' changes too, so
/// the loop re-reads the residuals a few times. This is what beats plain spread spectrum here: the host's own
/// fine structure is the main interference in a 5-second window, and the embedder knows it.
/// </summary>
internal static class InformedEmbedding
{
    /// <param name="log">Log cell energies of the host, [slot * bands + band], slots from the signal's start.</param>
    /// <param name="marked">Cells that may be changed (false for silence).</param>
    /// <param name="targets">Target sign per unit (+1 = coded bit 0).</param>
    /// <returns>The change of each cell's log energy.</returns>
    public static float[] Solve(MarkLayout layout, ReadOnlySpan<float> log, ReadOnlySpan<bool> marked, ReadOnlySpan<sbyte> targets,
        double margin, double cap, int iterations)
    {
        int bands = layout.Bands;
        int slots = log.Length / bands;
        int blocks = (slots + MarkLayout.BlockSlots - 1) / MarkLayout.BlockSlots;
        var d = new float[log.Length];
        var work = new float[log.Length];
        var sums = new double[blocks * layout.Units];
        var counts = new int[blocks * layout.Units];
        for (int it = 0; it < iterations; it++)
        {
            for (int i = 0; i < log.Length; i++)
            {
                work[i] = log[i] + d[i];
            }
            var r = CellFeatures.Residuals(work, bands);
            Array.Clear(sums);
            Array.Clear(counts);
            for (int s = 0; s < slots; s++)
            {
                int rep = s / MarkLayout.BlockSlots;
                int q = s % MarkLayout.BlockSlots;
                for (int b = 0; b < bands; b++)
                {
                    int cell = (q * bands) + b;
                    int unit = layout.UnitOfCell[cell];
                    if (unit < 0)
                    {
                        continue;
                    }
                    int key = (rep * layout.Units) + unit;
                    sums[key] += layout.SignOfCell[cell] * r[(s * bands) + b];
                    counts[key]++;
                }
            }
            for (int s = 0; s < slots; s++)
            {
                int rep = s / MarkLayout.BlockSlots;
                int q = s % MarkLayout.BlockSlots;
                for (int b = 0; b < bands; b++)
                {
                    int i = (s * bands) + b;
                    int cell = (q * bands) + b;
                    int unit = layout.UnitOfCell[cell];
                    if (unit < 0 || !marked[i])
                    {
                        continue;
                    }
                    int key = (rep * layout.Units) + unit;
                    double t = targets[unit];
                    double shortfall = margin - (t * sums[key]);
                    if (shortfall <= 0)
                    {
                        continue;
                    }
                    // A cell's own change moves its residual by the full amount and its neighbours' by a quarter
                    // against it; spreading the shortfall evenly is the least-energy way to close it.
                    double step = t * layout.SignOfCell[cell] * shortfall / counts[key];
                    d[i] = (float)Math.Clamp(d[i] + step, -cap, cap);
                }
            }
        }
        return d;
    }

    /// <summary>Target sign per unit: payload units from the coded bits, pilot units from the key.</summary>
    public static sbyte[] Targets(MarkLayout layout, ulong id)
    {
        var coded = new byte[PayloadCodec.CodedBits];
        layout.Codec.Encode(id, coded);
        var targets = new sbyte[layout.Units];
        for (int u = 0; u < layout.Units; u++)
        {
            targets[u] = MarkLayout.IsPayload(u)
                ? (sbyte)(coded[u] == 0 ? 1 : -1)
                : layout.PilotTarget[u - PayloadCodec.CodedBits];
        }
        return targets;
    }
}
