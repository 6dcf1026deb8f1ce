using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Informed embedding: the host image, not attack noise, is what limits detection on small textured images, and
/// the embedder knows the host. This simulates the detector's readout of the marked image at the embedding
/// geometry (same luma plane, same whitening, the mark's own effect on the local RMS, the chips' leakage into
/// their neighbours) and adjusts each payload bit's and each pilot chip's amplitude so that every readout lands
/// on the value an interference-free host would give. A closed loop of a few iterations on the detection plane.
/// </summary>
internal sealed class InformedEmbedding : IDisposable
{
    private readonly WatermarkTuning _tuning;
    private readonly TileLayout _layout;
    private readonly FloatPlane _hostResidual;
    private readonly FloatPlane _hostEnergy;
    private readonly FloatPlane _mask;
    private readonly double _scale;

    public InformedEmbedding(ImageFrame frame, double waxel, Action<int, Span<float>> maskRow, TileLayout layout,
        WatermarkTuning tuning)
    {
        _tuning = tuning;
        _layout = layout;
        int factor = TileGeometry.DetectionFactor(frame.Width, frame.Height);
        _scale = factor / waxel;
        using var luma = PlaneFilters.Luma(frame, factor);
        _hostResidual = Whitening.HighPass(luma, tuning.ResidualRadius);
        _hostEnergy = Whitening.LocalEnergy(_hostResidual, tuning.NormalizeRadius);
        _mask = new FloatPlane(luma.Width, luma.Height);
        var fullRow = new float[frame.Width];
        for (int y = 0; y < _mask.Height; y++)
        {
            maskRow(Math.Min(frame.Height - 1, y * factor + factor / 2), fullRow);
            var row = _mask.Row(y);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = fullRow[Math.Min(frame.Width - 1, x * factor + factor / 2)];
            }
        }
    }

    /// <summary>
    /// Simulates the detector's readout of host + strength * (symbols * amplitude): per chip, the readout
    /// projected on the chip's symbol. Returns the mark's readout per unit amplitude.
    /// </summary>
    public float Simulate(ReadOnlySpan<float> symbols, ReadOnlySpan<float> amplitude, float strength, Span<float> readout)
    {
        Span<float> values = stackalloc float[TileLayout.Chips];
        Span<float> chips = stackalloc float[TileLayout.Chips];
        for (int c = 0; c < chips.Length; c++)
        {
            values[c] = symbols[c] * amplitude[c] * strength;
        }
        TileLayout.Compose(values, _layout.Sync, _tuning.ChipHighPass, _tuning.SyncEnergy, chips);
        using var pattern = Render(chips);
        using var patternResidual = Whitening.HighPass(pattern, _tuning.ResidualRadius);
        using var patternEnergy = Whitening.LocalEnergy(patternResidual, _tuning.NormalizeRadius);
        using var hostWeighted = new FloatPlane(pattern.Width, pattern.Height);
        var r = _hostResidual.Span;
        var p = patternResidual.Span;
        var eh = _hostEnergy.Span;
        var ep = patternEnergy.Span;
        var hw = hostWeighted.Span;
        for (int i = 0; i < r.Length; i++)
        {
            float weight = 1f / MathF.Sqrt(eh[i] + ep[i] + Whitening.Floor);
            hw[i] = r[i] * weight;
            p[i] *= weight;
        }
        Span<float> host = stackalloc float[TileLayout.Chips];
        Span<float> mark = stackalloc float[TileLayout.Chips];
        Accumulate(hostWeighted, values);
        ChipFilter.Apply(values, host, _tuning.ChipHighPass);
        Accumulate(patternResidual, values);
        ChipFilter.Apply(values, mark, _tuning.ChipHighPass);
        // As the detector does: the sync template is known, so its share of the readout is removed, not fought.
        _layout.RemoveSync(mark, _tuning.ChipHighPass);
        _layout.RemoveSync(host, _tuning.ChipHighPass);
        double dot = 0, norm = 0;
        for (int c = 0; c < chips.Length; c++)
        {
            dot += mark[c] * symbols[c] * amplitude[c];
            norm += amplitude[c] * amplitude[c];
            readout[c] = symbols[c] * (host[c] + mark[c]);
        }
        return (float)(dot / Math.Max(norm, 1e-12));
    }

    private FloatPlane Render(ReadOnlySpan<float> chips)
    {
        var pattern = new FloatPlane(_mask.Width, _mask.Height);
        int width = pattern.Width;
        var first = new int[width];
        var second = new int[width];
        var weight = new float[width];
        for (int x = 0; x < width; x++)
        {
            double u = (x + 0.5) * _scale - 0.5;
            int i0 = (int)Math.Floor(u);
            first[x] = ChipShape.Mod(i0);
            second[x] = ChipShape.Mod(i0 + 1);
            weight[x] = ChipShape.Blend(u - i0);
        }
        for (int y = 0; y < pattern.Height; y++)
        {
            double v = (y + 0.5) * _scale - 0.5;
            int j0 = (int)Math.Floor(v);
            float wy = ChipShape.Blend(v - j0);
            int r0 = ChipShape.Mod(j0) * TileLayout.Size;
            int r1 = ChipShape.Mod(j0 + 1) * TileLayout.Size;
            var row = pattern.Row(y);
            var mask = _mask.Row(y);
            for (int x = 0; x < width; x++)
            {
                float wx = weight[x];
                float top = chips[r0 + first[x]] + wx * (chips[r0 + second[x]] - chips[r0 + first[x]]);
                float bottom = chips[r1 + first[x]] + wx * (chips[r1 + second[x]] - chips[r1 + first[x]]);
                row[x] = mask[x] * (top + wy * (bottom - top));
            }
        }
        return pattern;
    }

    /// <summary>Matched-filter readout of every chip at the embedding geometry (as the detector's ChipReader).</summary>
    private void Accumulate(FloatPlane plane, Span<float> chips)
    {
        chips.Clear();
        int width = plane.Width;
        var columnChip = new int[width];
        var columnWeight = new float[width];
        for (int x = 0; x < width; x++)
        {
            double u = (x + 0.5) * _scale - 0.5;
            int i0 = (int)Math.Floor(u);
            columnChip[x] = i0;
            columnWeight[x] = ChipShape.Footprint(u - i0);
        }
        for (int y = 0; y < plane.Height; y++)
        {
            double v = (y + 0.5) * _scale - 0.5;
            int j0 = (int)Math.Floor(v);
            float wy0 = ChipShape.Footprint(v - j0);
            float wy1 = 1 - wy0;
            int r0 = ChipShape.Mod(j0) * TileLayout.Size;
            int r1 = ChipShape.Mod(j0 + 1) * TileLayout.Size;
            var row = plane.Row(y);
            for (int x = 0; x < width; x++)
            {
                float value = row[x];
                float wx0 = columnWeight[x];
                float wx1 = 1 - wx0;
                int a = ChipShape.Mod(columnChip[x]);
                int b = ChipShape.Mod(columnChip[x] + 1);
                chips[r0 + a] += value * wx0 * wy0;
                chips[r0 + b] += value * wx1 * wy0;
                chips[r1 + a] += value * wx0 * wy1;
                chips[r1 + b] += value * wx1 * wy1;
            }
        }
    }

    public void Dispose()
    {
        _hostResidual.Dispose();
        _hostEnergy.Dispose();
        _mask.Dispose();
    }
}
