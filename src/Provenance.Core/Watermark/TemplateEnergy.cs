namespace Provenance.Core.Watermark;

/// <summary>
/// How much sync template a fold holds: the mean power of the fold's spectrum at the template's twelve frequencies
/// (cycles per tile, so bins of the 64 x 64 fold's transform). It needs neither the translation nor the quarter
/// turn (the template's frequency set is closed under both, and a shift only changes phases), and the template
/// carries about three times the pilot's energy, so it follows a hypothesis's size and angle more steadily than the
/// pilot's peak when the mark is weak. Only comparable between folds of the same plane: the host's share of the
/// fold hardly changes with the geometry, the template's grows as the tiles add up coherently. It is deliberately
/// not divided by the fold's total power: on a strongly marked image the payload chips are most of the fold, and
/// they lose coherence faster than the template's low frequencies when the angle is off, so that ratio peaks beside
/// the right geometry.
/// </summary>
internal static class TemplateEnergy
{
    private const int N = TileFolder.Size;
    private static readonly double[] Cos = Table(Math.Cos);
    private static readonly double[] Sin = Table(Math.Sin);
    private static readonly int[] Columns = SyncTemplate.Frequencies.Select(f => f.M).Distinct().ToArray();

    public static double Measure(ReadOnlySpan<float> fold)
    {
        // Row transforms at the template's column frequencies only, then the column sums at its row frequencies.
        Span<double> rowRe = stackalloc double[Columns.Length * N];
        Span<double> rowIm = stackalloc double[Columns.Length * N];
        for (int y = 0; y < N; y++)
        {
            var row = fold.Slice(y * N, N);
            for (int c = 0; c < Columns.Length; c++)
            {
                int k = Columns[c];
                double re = 0, im = 0;
                for (int x = 0; x < N; x++)
                {
                    int phase = (k * x) & (N - 1);
                    re += row[x] * Cos[phase];
                    im -= row[x] * Sin[phase];
                }
                rowRe[c * N + y] = re;
                rowIm[c * N + y] = im;
            }
        }
        double power = 0;
        foreach (var (m, n) in SyncTemplate.Frequencies)
        {
            int c = Array.IndexOf(Columns, m);
            double re = 0, im = 0;
            for (int y = 0; y < N; y++)
            {
                int phase = (n * y) & (N - 1);
                double a = rowRe[c * N + y], b = rowIm[c * N + y];
                re += a * Cos[phase] + b * Sin[phase];
                im += b * Cos[phase] - a * Sin[phase];
            }
            power += re * re + im * im;
        }
        return power / SyncTemplate.Frequencies.Length;
    }

    private static double[] Table(Func<double, double> f) =>
        Enumerable.Range(0, N).Select(i => f(2 * Math.PI * i / N)).ToArray();
}
