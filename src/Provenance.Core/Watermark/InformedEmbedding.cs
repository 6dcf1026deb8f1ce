using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    // Null when the mask is uniform (every value 1).
    private readonly FloatPlane? _mask;
    // Scratch planes of the simulation, reused by every call.
    private readonly FloatPlane _pattern;
    private readonly FloatPlane _patternResidual;
    private readonly FloatPlane _patternEnergy;
    private readonly float[] _chipRows;
    // Drawing: per column and row, the two chips whose blend covers the pixel and the second one's weight.
    private readonly int[] _drawFirstX, _drawSecondX, _drawFirstY, _drawSecondY;
    private readonly float[] _drawWeightX, _drawWeightY;
    // Reading: per column and row, the first chip of the matched filter's footprint and its weight.
    private readonly int[] _readChipX, _readChipY;
    private readonly float[] _readWeightX, _readWeightY;

    /// <param name="maskRow">Fills a full-resolution row of the strength mask; null when the mask is uniform.</param>
    /// <param name="planeFactor">The luma averaging factor of the simulated plane: 0 for the detector's own
    /// (<see cref="TileGeometry.DetectionFactor"/>); twice it simulates the readout of the image halved.</param>
    public InformedEmbedding(ILumaImage image, double waxel, Action<int, Span<float>>? maskRow, TileLayout layout,
        WatermarkTuning tuning, int planeFactor = 0)
    {
        _tuning = tuning;
        _layout = layout;
        int factor = planeFactor > 0 ? planeFactor : TileGeometry.DetectionFactor(image.Width, image.Height);
        double scale = factor / waxel;
        using var luma = PlaneFilters.Luma(image, factor);
        int width = luma.Width;
        int height = luma.Height;
        _hostResidual = new FloatPlane(width, height);
        _hostEnergy = new FloatPlane(width, height);
        Whitening.HighPassAndEnergy(luma, _hostResidual, _hostEnergy, tuning.ResidualRadius, tuning.NormalizeRadius, normalize: false,
            VectorOps.Enabled);
        if (maskRow is not null)
        {
            _mask = new FloatPlane(width, height);
            var fullRow = new float[image.Width];
            for (int y = 0; y < height; y++)
            {
                maskRow(Math.Min(image.Height - 1, y * factor + factor / 2), fullRow);
                var row = _mask.Row(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = fullRow[Math.Min(image.Width - 1, x * factor + factor / 2)];
                }
            }
        }
        _pattern = new FloatPlane(width, height);
        _patternResidual = new FloatPlane(width, height);
        _patternEnergy = new FloatPlane(width, height);
        _chipRows = new float[TileLayout.Size * width];
        (_drawFirstX, _drawSecondX, _drawWeightX, _readChipX, _readWeightX) = AxisTables(width, scale);
        (_drawFirstY, _drawSecondY, _drawWeightY, _readChipY, _readWeightY) = AxisTables(height, scale);
    }

    private static (int[] First, int[] Second, float[] Blend, int[] ReadChip, float[] ReadWeight) AxisTables(int length, double scale)
    {
        var first = new int[length];
        var second = new int[length];
        var blend = new float[length];
        var readChip = new int[length];
        var readWeight = new float[length];
        for (int p = 0; p < length; p++)
        {
            double u = (p + 0.5) * scale - 0.5;
            int i0 = (int)Math.Floor(u);
            first[p] = ChipShape.Mod(i0);
            second[p] = ChipShape.Mod(i0 + 1);
            blend[p] = ChipShape.Blend(u - i0);
            readChip[p] = ChipShape.Mod(i0);
            readWeight[p] = ChipShape.Footprint(u - i0);
        }
        return (first, second, blend, readChip, readWeight);
    }

    /// <summary>
    /// Simulates the detector's readout of host + strength * (symbols * amplitude): per chip, the readout
    /// projected on the chip's symbol. Returns the mark's readout per unit amplitude.
    /// </summary>
    public float Simulate(ReadOnlySpan<float> symbols, ReadOnlySpan<float> amplitude, float strength, Span<float> readout)
    {
        Draw(symbols, amplitude);
        return Readout(symbols, amplitude, strength, readout);
    }

    /// <summary>
    /// Draws the pattern of symbols * amplitude at unit strength and keeps its residual and local energy. The
    /// pattern (sync template included: it is sized to the payload's energy) scales linearly with the strength and
    /// its energy with the square, so <see cref="Readout"/> at any strength reuses the drawing.
    /// </summary>
    public void Draw(ReadOnlySpan<float> symbols, ReadOnlySpan<float> amplitude)
    {
        Span<float> values = stackalloc float[TileLayout.Chips];
        Span<float> chips = stackalloc float[TileLayout.Chips];
        for (int c = 0; c < chips.Length; c++)
        {
            values[c] = symbols[c] * amplitude[c];
        }
        TileLayout.Compose(values, _layout.Sync, _tuning.ChipHighPass, _tuning.SyncEnergy, chips);
        Render(chips);
        Whitening.HighPassAndEnergy(_pattern, _patternResidual, _patternEnergy, _tuning.ResidualRadius, _tuning.NormalizeRadius,
            normalize: false, VectorOps.Enabled);
    }

    /// <summary>
    /// <see cref="Simulate"/>'s readout of the last <see cref="Draw"/> (made with the same symbols and amplitude)
    /// at <paramref name="strength"/>.
    /// </summary>
    public float Readout(ReadOnlySpan<float> symbols, ReadOnlySpan<float> amplitude, float strength, Span<float> readout)
    {
        Span<float> host = stackalloc float[TileLayout.Chips];
        Span<float> mark = stackalloc float[TileLayout.Chips];
        ReadWeighted(strength, host, mark);
        // As the detector does: the sync template is known, so its share of the readout is removed, not fought.
        _layout.RemoveSync(mark, _tuning.ChipHighPass);
        _layout.RemoveSync(host, _tuning.ChipHighPass);
        double dot = 0, norm = 0;
        for (int c = 0; c < TileLayout.Chips; c++)
        {
            dot += mark[c] * symbols[c] * amplitude[c];
            norm += amplitude[c] * amplitude[c];
            readout[c] = symbols[c] * (host[c] + mark[c]);
        }
        return (float)(dot / Math.Max(norm, 1e-12));
    }

    /// <summary>
    /// The detector's weighting of the marked image, the mark being <paramref name="strength"/> x the unit pattern:
    /// both parts divided by the local RMS of their sum (the host's and the mark's residual energies add; their
    /// cross term averages out over the window).
    /// rms = sqrt(hostEnergy + strength^2 patternEnergy + floor); hostWeighted = host / rms;
    /// patternWeighted = strength pattern / rms.
    /// Each weighted row goes straight into the chip lines, as <see cref="ChipReader.AddRowToLines"/> adds a row:
    /// line <paramref name="chip"/> gets <paramref name="chipWeight"/> x the row, the next line the rest. One pass,
    /// the same operations in the same order as weighing into rows and adding those.
    /// </summary>
    internal static void WeighIntoLines(ReadOnlySpan<float> host, ReadOnlySpan<float> hostEnergy, ReadOnlySpan<float> patternEnergy,
        ReadOnlySpan<float> pattern, float strength, float[] hostLines, float[] markLines, int chip, float chipWeight, bool useVectors)
    {
        int n = host.Length;
        int next = (chip + 1) & (TileLayout.Size - 1);
        var hostFirst = hostLines.AsSpan(chip * n, n);
        var hostSecond = hostLines.AsSpan(next * n, n);
        var markFirst = markLines.AsSpan(chip * n, n);
        var markSecond = markLines.AsSpan(next * n, n);
        float rest = 1 - chipWeight;
        int i = 0;
        float energyScale = strength * strength;
        if (useVectors && VectorOps.Enabled)
        {
            ref float h = ref MemoryMarshal.GetReference(host);
            ref float eh = ref MemoryMarshal.GetReference(hostEnergy);
            ref float ep = ref MemoryMarshal.GetReference(patternEnergy);
            ref float p = ref MemoryMarshal.GetReference(pattern);
            ref float h1 = ref MemoryMarshal.GetReference(hostFirst);
            ref float h2 = ref MemoryMarshal.GetReference(hostSecond);
            ref float m1 = ref MemoryMarshal.GetReference(markFirst);
            ref float m2 = ref MemoryMarshal.GetReference(markSecond);
            var one = Vector256.Create(1f);
            var floor = Vector256.Create(Whitening.Floor);
            var scale = Vector256.Create(energyScale);
            var s = Vector256.Create(strength);
            var w1 = Vector256.Create(chipWeight);
            var w2 = Vector256.Create(rest);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var weight = one / Vector256.Sqrt(Vector256.LoadUnsafe(ref eh, (nuint)i) + scale * Vector256.LoadUnsafe(ref ep, (nuint)i) + floor);
                var hw = Vector256.LoadUnsafe(ref h, (nuint)i) * weight;
                var pw = s * Vector256.LoadUnsafe(ref p, (nuint)i) * weight;
                (Vector256.LoadUnsafe(ref h1, (nuint)i) + w1 * hw).StoreUnsafe(ref h1, (nuint)i);
                (Vector256.LoadUnsafe(ref h2, (nuint)i) + w2 * hw).StoreUnsafe(ref h2, (nuint)i);
                (Vector256.LoadUnsafe(ref m1, (nuint)i) + w1 * pw).StoreUnsafe(ref m1, (nuint)i);
                (Vector256.LoadUnsafe(ref m2, (nuint)i) + w2 * pw).StoreUnsafe(ref m2, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float weight = 1f / MathF.Sqrt(hostEnergy[i] + energyScale * patternEnergy[i] + Whitening.Floor);
            float hw = host[i] * weight;
            float pw = strength * pattern[i] * weight;
            hostFirst[i] += chipWeight * hw;
            hostSecond[i] += rest * hw;
            markFirst[i] += chipWeight * pw;
            markSecond[i] += rest * pw;
        }
    }

    /// <summary>The pattern of <paramref name="chips"/> drawn on the detection plane at the embedding geometry.</summary>
    private void Render(ReadOnlySpan<float> chips)
    {
        int width = _pattern.Width;
        for (int j = 0; j < TileLayout.Size; j++)
        {
            var chipRow = chips.Slice(j * TileLayout.Size, TileLayout.Size);
            var dst = _chipRows.AsSpan(j * width, width);
            for (int x = 0; x < width; x++)
            {
                float a = chipRow[_drawFirstX[x]];
                dst[x] = a + _drawWeightX[x] * (chipRow[_drawSecondX[x]] - a);
            }
        }
        bool useVectors = VectorOps.Enabled;
        for (int y = 0; y < _pattern.Height; y++)
        {
            var row = _pattern.Row(y);
            VectorOps.Lerp(row, _chipRows.AsSpan(_drawFirstY[y] * width, width), _chipRows.AsSpan(_drawSecondY[y] * width, width),
                _drawWeightY[y], useVectors);
            if (_mask is not null)
            {
                var mask = _mask.Row(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = mask[x] * row[x];
                }
            }
        }
    }

    /// <summary>
    /// Matched-filter readout of every chip at the embedding geometry (as the detector's ChipReader) of the host and
    /// of the mark, each weighed as the detector weighs the marked image (<see cref="Weigh"/>), chip-filtered. Row
    /// by row: the weighted rows go straight into the chip lines, never into a plane.
    /// </summary>
    private void ReadWeighted(float strength, Span<float> host, Span<float> mark)
    {
        int width = _hostResidual.Width;
        int lineLength = TileLayout.Size * width;
        var hostLines = ArrayPool<float>.Shared.Rent(lineLength);
        var markLines = ArrayPool<float>.Shared.Rent(lineLength);
        try
        {
            hostLines.AsSpan(0, lineLength).Clear();
            markLines.AsSpan(0, lineLength).Clear();
            bool useVectors = VectorOps.Enabled;
            for (int y = 0; y < _hostResidual.Height; y++)
            {
                WeighIntoLines(_hostResidual.Row(y), _hostEnergy.Row(y), _patternEnergy.Row(y), _patternResidual.Row(y), strength,
                    hostLines, markLines, _readChipY[y], _readWeightY[y], useVectors);
            }
            Span<float> chips = stackalloc float[TileLayout.Chips];
            chips.Clear();
            ChipReader.LinesToChips(hostLines, width, _readChipX.AsSpan(0, width), _readWeightX.AsSpan(0, width), false, chips);
            ChipFilter.Apply(chips, host, _tuning.ChipHighPass);
            chips.Clear();
            ChipReader.LinesToChips(markLines, width, _readChipX.AsSpan(0, width), _readWeightX.AsSpan(0, width), false, chips);
            ChipFilter.Apply(chips, mark, _tuning.ChipHighPass);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hostLines);
            ArrayPool<float>.Shared.Return(markLines);
        }
    }

    public void Dispose()
    {
        _hostResidual.Dispose();
        _hostEnergy.Dispose();
        _mask?.Dispose();
        _pattern.Dispose();
        _patternResidual.Dispose();
        _patternEnergy.Dispose();
    }
}
