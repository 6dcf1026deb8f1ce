using System.Buffers;
using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Adds the tiled pattern to the image's luma (<see cref="ILumaImage"/>: the same integer delta on R, G and B of a
/// frame, alpha untouched, or on a JPEG's Y plane). The chips
/// (payload and pilot, high-passed on the chip grid, plus the sync template) are set by informed embedding against
/// this very host, the strength is adapted to the host's interference within the PSNR bounds, and the pattern is
/// scaled so that the PSNR over the changed samples lands on that target. Full-resolution work is two passes over the pixels (block
/// statistics for the mask, then the write); the host analysis runs on the detector's reduced plane.
/// Deterministic: no threads, no state beyond the key-derived layout.
/// </summary>
internal sealed class Embedder
{
    private const int MaskBlock = 8;
    // The strength is solved on a regular subsample of at most about this many pixels.
    private const int StrengthSamples = 40_000;

    private readonly TileLayout _layout;
    private readonly WatermarkTuning _tuning;

    public Embedder(TileLayout layout, WatermarkTuning tuning)
    {
        _layout = layout;
        _tuning = tuning;
    }

    public WatermarkEmbedding Embed(ILumaImage image, ulong id, WatermarkOptions options)
    {
        double targetPsnrDb = options.TargetPsnrDb;
        double hostBitSnr = double.NaN;
        int width = image.Width;
        int height = image.Height;
        if (Math.Min(width, height) < TileGeometry.MinShortSide)
        {
            ThrowHelpers.TooSmall(width, height);
        }
        double waxel = TileGeometry.WaxelSize(width, height, _tuning);

        Span<float> chips = stackalloc float[TileLayout.Chips];
        Span<byte> coded = stackalloc byte[Coding.PayloadCodec.CodedBits];
        _layout.Codec.Encode(id, coded);
        _layout.RenderCoded(coded, chips);
        Span<float> symbols = stackalloc float[TileLayout.Chips];
        chips.CopyTo(symbols);
        TileLayout.Compose(symbols, _layout.Sync, _tuning.ChipHighPass, _tuning.SyncEnergy, chips);

        // With the mask's exponent at 0 every block gets exactly 1 (x^0 normalised by its mean): skip the pass.
        bool uniformMask = _tuning.MaskGamma == 0;
        int blocksX = (width + MaskBlock - 1) / MaskBlock;
        int blocksY = (height + MaskBlock - 1) / MaskBlock;
        var mask = uniformMask ? null : ArrayPool<float>.Shared.Rent(blocksX * blocksY);
        // Horizontal chip blends for the 32 chip rows, then per row a vertical blend of two of them.
        var chipRows = ArrayPool<float>.Shared.Rent(TileLayout.Size * width);
        var columnFirst = ArrayPool<int>.Shared.Rent(width);
        var columnSecond = ArrayPool<int>.Shared.Rent(width);
        var columnWeight = ArrayPool<float>.Shared.Rent(width);
        var rowFirst = ArrayPool<int>.Shared.Rent(height);
        var rowSecond = ArrayPool<int>.Shared.Rent(height);
        var rowWeight = ArrayPool<float>.Shared.Rent(height);
        var maskRow = ArrayPool<float>.Shared.Rent(width);
        var patternRow = ArrayPool<float>.Shared.Rent(width);
        var deltaRow = ArrayPool<int>.Shared.Rent(width);
        try
        {
            if (mask is not null)
            {
                BuildMask(image, mask, blocksX, blocksY);
            }
            ChipShape.Axis(width, waxel, columnFirst, columnSecond, columnWeight);
            ChipShape.Axis(height, waxel, rowFirst, rowSecond, rowWeight);
            BlendChipRows(chips, chipRows, columnFirst, columnSecond, columnWeight, width);

            var rows = new PatternRows(chipRows, rowFirst, rowSecond, rowWeight, width);
            MaskRows? maskRows = mask is null ? null : new MaskRows(mask, blocksX, blocksY, width);
            double targetMse = 255.0 * 255.0 / Math.Pow(10, targetPsnrDb / 10);
            using var drawnSample = new StrengthSample(rows, maskRows, width, height, maskRow, patternRow);
            float strength = drawnSample.Solve(targetMse);

            if (_tuning.HostCancel > 0)
            {
                Span<float> amplitude = stackalloc float[TileLayout.Chips];
                Span<float> readout = stackalloc float[TileLayout.Chips];
                Span<float> delta = stackalloc float[TileLayout.Chips];
                amplitude.Fill(1f);
                Action<int, Span<float>>? fillMask = maskRows is { } m ? m.Fill : null;
                using var informed = new InformedEmbedding(image, waxel, fillMask, _layout, _tuning);
                using var halved = HalvedSimulation(image, waxel, fillMask);
                Span<float> halvedReadout = stackalloc float[TileLayout.Chips];
                Span<float> halvedDelta = stackalloc float[TileLayout.Chips];
                float gain = informed.Simulate(symbols, amplitude, strength, readout);
                _layout.Corrections(readout, gain, delta);
                // Strength adaptation: the host's interference with the payload bits at this strength predicts how
                // much margin the mark will have. Spend distortion where it is needed: aim at a fixed predicted
                // bit SNR, within the PSNR bounds the options allow.
                hostBitSnr = _layout.PayloadSnr(delta);
                if (_tuning.TargetBitSnr > 0 && hostBitSnr > 0)
                {
                    double adapted = Math.Clamp(targetPsnrDb + 20 * Math.Log10(hostBitSnr / _tuning.TargetBitSnr),
                        options.MinPsnrDb, options.MaxPsnrDb);
                    if (Math.Abs(adapted - targetPsnrDb) > 0.05)
                    {
                        targetPsnrDb = adapted;
                        targetMse = 255.0 * 255.0 / Math.Pow(10, targetPsnrDb / 10);
                        strength = drawnSample.Solve(targetMse);
                        // Same amplitudes, new strength: the drawing is reused.
                        gain = informed.Readout(symbols, amplitude, strength, readout);
                        _layout.Corrections(readout, gain, delta);
                    }
                }
                if (halved is not null)
                {
                    // After the strength is settled (on the image as it is): blend in the corrections the halved
                    // image's readout asks for.
                    float halvedGain = halved.Simulate(symbols, amplitude, strength, halvedReadout);
                    _layout.Corrections(halvedReadout, halvedGain, halvedDelta);
                    Blend(delta, halvedDelta, _tuning.HalvedReadoutWeight);
                }
                float level = InformedLevel(delta, _tuning.HostCancel, _tuning.MinAmplitude, _tuning.MaxBoost);
                for (int c = 0; c < chips.Length; c++)
                {
                    amplitude[c] = Math.Clamp(level + _tuning.HostCancel * delta[c], _tuning.MinAmplitude, _tuning.MaxBoost);
                }
                for (int iteration = 1; iteration < _tuning.InformedIterations; iteration++)
                {
                    // Second-order effects (leakage between chips, the mark's share of the local RMS) change with
                    // the amplitudes: simulate again and correct towards the same level.
                    gain = informed.Simulate(symbols, amplitude, strength, readout);
                    _layout.Corrections(readout, gain * level, delta);
                    if (halved is not null)
                    {
                        float halvedGain = halved.Simulate(symbols, amplitude, strength, halvedReadout);
                        _layout.Corrections(halvedReadout, halvedGain * level, halvedDelta);
                        Blend(delta, halvedDelta, _tuning.HalvedReadoutWeight);
                    }
                    for (int c = 0; c < chips.Length; c++)
                    {
                        amplitude[c] = Math.Clamp(amplitude[c] + _tuning.HostCancel * level * delta[c], _tuning.MinAmplitude, _tuning.MaxBoost);
                    }
                }
                for (int c = 0; c < chips.Length; c++)
                {
                    delta[c] = symbols[c] * amplitude[c];
                }
                TileLayout.Compose(delta, _layout.Sync, _tuning.ChipHighPass, _tuning.SyncEnergy, chips);
                BlendChipRows(chips, chipRows, columnFirst, columnSecond, columnWeight, width);
                using var informedSample = new StrengthSample(rows, maskRows, width, height, maskRow, patternRow);
                strength = informedSample.Solve(targetMse);
            }

            long squaredError = 0;
            bool useVectors = VectorOps.Enabled;
            for (int y = 0; y < height; y++)
            {
                rows.Fill(y, patternRow);
                if (maskRows is { } masks)
                {
                    masks.Fill(y, maskRow);
                    for (int x = 0; x < width; x++)
                    {
                        patternRow[x] = maskRow[x] * patternRow[x];
                    }
                }
                var deltas = deltaRow.AsSpan(0, width);
                LumaDelta.Quantise(patternRow.AsSpan(0, width), strength, deltas, useVectors);
                squaredError += image.AddToLuma(y, deltas, useVectors);
            }
            double mse = squaredError / ((double)image.SamplesPerPixel * width * height);
            double psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
            return new WatermarkEmbedding(psnr, waxel, strength) { HostBitSnr = hostBitSnr };
        }
        finally
        {
            if (mask is not null)
            {
                ArrayPool<float>.Shared.Return(mask);
            }
            ArrayPool<float>.Shared.Return(chipRows);
            ArrayPool<int>.Shared.Return(columnFirst);
            ArrayPool<int>.Shared.Return(columnSecond);
            ArrayPool<float>.Shared.Return(columnWeight);
            ArrayPool<int>.Shared.Return(rowFirst);
            ArrayPool<int>.Shared.Return(rowSecond);
            ArrayPool<float>.Shared.Return(rowWeight);
            ArrayPool<float>.Shared.Return(maskRow);
            ArrayPool<float>.Shared.Return(patternRow);
            ArrayPool<int>.Shared.Return(deltaRow);
        }
    }

    /// <summary>
    /// The simulation of the detector's readout of this image halved, for the images whose informed embedding
    /// takes it into account (<see cref="WatermarkTuning.HalvedReadoutWeight"/>); null for the others.
    /// </summary>
    private InformedEmbedding? HalvedSimulation(ILumaImage image, double waxel, Action<int, Span<float>>? fillMask)
    {
        int shortSide = Math.Min(image.Width, image.Height);
        if (_tuning.HalvedReadoutWeight <= 0 || shortSide < _tuning.HalvedReadoutMinShortSide || shortSide > _tuning.HalvedReadoutMaxShortSide)
        {
            return null;
        }
        int factor = 2 * TileGeometry.DetectionFactor(image.Width, image.Height);
        return new InformedEmbedding(image, waxel, fillMask, _layout, _tuning, factor);
    }

    /// <summary>delta = (1 - weight) delta + weight other.</summary>
    private static void Blend(Span<float> delta, ReadOnlySpan<float> other, float weight)
    {
        for (int c = 0; c < delta.Length; c++)
        {
            delta[c] = (1 - weight) * delta[c] + weight * other[c];
        }
    }

    /// <summary>
    /// The common amplitude level b such that chips of amplitude clamp(b + lambda * delta) carry the same energy as
    /// unit chips (so the PSNR stays put while the corrections cancel host interference).
    /// </summary>
    private static float InformedLevel(ReadOnlySpan<float> delta, float lambda, float min, float max)
    {
        double lo = 0, hi = max;
        for (int iteration = 0; iteration < 40; iteration++)
        {
            double mid = 0.5 * (lo + hi);
            double energy = 0;
            foreach (float d in delta)
            {
                double a = Math.Clamp(mid + lambda * d, min, max);
                energy += a * a;
            }
            if (energy > delta.Length)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return (float)lo;
    }

    private static void BlendChipRows(ReadOnlySpan<float> chips, float[] chipRows, int[] columnFirst, int[] columnSecond,
        float[] columnWeight, int width)
    {
        for (int j = 0; j < TileLayout.Size; j++)
        {
            var dst = chipRows.AsSpan(j * width, width);
            var chipRow = chips.Slice(j * TileLayout.Size, TileLayout.Size);
            for (int x = 0; x < width; x++)
            {
                float w = columnWeight[x];
                dst[x] = (1 - w) * chipRow[columnFirst[x]] + w * chipRow[columnSecond[x]];
            }
        }
    }

    /// <summary>
    /// Per 8x8 block: (variance + floor^2)^(gamma/2), normalised to mean 1 and capped, then a 3x3 box smoothing so
    /// the strength changes gradually. Textured blocks hide more; flat blocks keep a floor (else JPEG's
    /// quantisation of flat areas and a crop into a sky would leave nothing).
    /// </summary>
    private void BuildMask(ILumaImage image, float[] mask, int blocksX, int blocksY)
    {
        int width = image.Width;
        int height = image.Height;
        var luma256 = new ushort[width];
        var sum = new double[blocksX];
        var sumSq = new double[blocksX];
        var raw = new float[blocksX * blocksY];
        float floorSq = _tuning.MaskFloor * _tuning.MaskFloor;
        for (int by = 0; by < blocksY; by++)
        {
            Array.Clear(sum);
            Array.Clear(sumSq);
            int y0 = by * MaskBlock;
            int y1 = Math.Min(height, y0 + MaskBlock);
            for (int y = y0; y < y1; y++)
            {
                image.ReadLuma(y, luma256, VectorOps.Enabled);
                for (int x = 0; x < width; x++)
                {
                    double luma = luma256[x] * (1.0 / 256);
                    sum[x / MaskBlock] += luma;
                    sumSq[x / MaskBlock] += luma * luma;
                }
            }
            for (int bx = 0; bx < blocksX; bx++)
            {
                int count = (Math.Min(width, (bx + 1) * MaskBlock) - bx * MaskBlock) * (y1 - y0);
                double mean = sum[bx] / count;
                double variance = Math.Max(0, sumSq[bx] / count - mean * mean);
                raw[by * blocksX + bx] = (float)Math.Pow(variance + floorSq, _tuning.MaskGamma * 0.5);
            }
        }
        double total = 0;
        foreach (float v in raw)
        {
            total += v;
        }
        float norm = (float)(raw.Length / Math.Max(total, 1e-9));
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = Math.Min(raw[i] * norm, _tuning.MaskCap);
        }
        for (int by = 0; by < blocksY; by++)
        {
            for (int bx = 0; bx < blocksX; bx++)
            {
                float s = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int yy = by + dy;
                    if ((uint)yy >= (uint)blocksY)
                    {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int xx = bx + dx;
                        if ((uint)xx < (uint)blocksX)
                        {
                            s += raw[yy * blocksX + xx];
                            n++;
                        }
                    }
                }
                mask[by * blocksX + bx] = s / n;
            }
        }
    }

    /// <summary>
    /// The pattern's values (mask applied) at a regular subsample of at most about <see cref="StrengthSamples"/>
    /// pixels, on which the strength is solved: the strength at which the quantised pattern's mean square meets a
    /// target. One sampling serves every target of the same pattern (Embed's strength adaptation).
    /// </summary>
    private sealed class StrengthSample : IDisposable
    {
        private readonly float[] _values;
        private readonly int _count;
        private readonly double _energy;

        public StrengthSample(PatternRows rows, MaskRows? maskRows, int width, int height, float[] maskRow, float[] patternRow)
        {
            int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)width * height / StrengthSamples)));
            int count = ((width - step / 2 + step - 1) / step) * ((height - step / 2 + step - 1) / step);
            _values = ArrayPool<float>.Shared.Rent(count);
            for (int y = step / 2; y < height; y += step)
            {
                if (maskRows is { } masks)
                {
                    rows.Fill(y, patternRow);
                    masks.Fill(y, maskRow);
                }
                for (int x = step / 2; x < width; x += step)
                {
                    // Only the sampled columns: At is Fill's arithmetic at one pixel.
                    float v = maskRows is null ? rows.At(y, x) : maskRow[x] * patternRow[x];
                    _values[_count++] = v;
                    _energy += v * v;
                }
            }
        }

        /// <summary>
        /// The scale that makes the sample's mean squared rounded delta equal <paramref name="targetMse"/>, by bisection
        /// (clipping at 0 and 255 only lowers the error, so the PSNR lands at or above target).
        /// </summary>
        public float Solve(double targetMse)
        {
            var values = _values.AsSpan(0, _count);
            double guess = Math.Sqrt(targetMse / Math.Max(_energy / _count, 1e-12));
            double lo = 0;
            double hi = guess * 3;
            bool useVectors = VectorOps.Enabled;
            for (int iteration = 0; iteration < 18; iteration++)
            {
                double mid = 0.5 * (lo + hi);
                double mse = LumaDelta.SumOfSquares(values, (float)mid, useVectors) / _count;
                if (mse < targetMse)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
            return (float)lo;
        }

        public void Dispose() => ArrayPool<float>.Shared.Return(_values);
    }

    private readonly struct PatternRows(float[] chipRows, int[] rowFirst, int[] rowSecond, float[] rowWeight, int width)
    {
        public void Fill(int y, Span<float> dst) =>
            VectorOps.Lerp(dst[..width], chipRows.AsSpan(rowFirst[y] * width, width), chipRows.AsSpan(rowSecond[y] * width, width),
                rowWeight[y], VectorOps.Enabled);

        public float At(int y, int x)
        {
            float a = chipRows[rowFirst[y] * width + x];
            return a + rowWeight[y] * (chipRows[rowSecond[y] * width + x] - a);
        }
    }

    /// <summary>Bilinear interpolation of the block mask between block centres.</summary>
    private readonly struct MaskRows(float[] mask, int blocksX, int blocksY, int width)
    {
        public void Fill(int y, Span<float> dst)
        {
            double ty = Math.Clamp((y + 0.5) / MaskBlock - 0.5, 0, blocksY - 1);
            int by0 = (int)ty;
            int by1 = Math.Min(by0 + 1, blocksY - 1);
            float fy = (float)(ty - by0);
            var r0 = mask.AsSpan(by0 * blocksX, blocksX);
            var r1 = mask.AsSpan(by1 * blocksX, blocksX);
            for (int x = 0; x < width; x++)
            {
                double tx = Math.Clamp((x + 0.5) / MaskBlock - 0.5, 0, blocksX - 1);
                int bx0 = (int)tx;
                int bx1 = Math.Min(bx0 + 1, blocksX - 1);
                float fx = (float)(tx - bx0);
                float top = r0[bx0] + fx * (r0[bx1] - r0[bx0]);
                float bottom = r1[bx0] + fx * (r1[bx1] - r1[bx0]);
                dst[x] = top + fy * (bottom - top);
            }
        }
    }
}
