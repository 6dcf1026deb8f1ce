using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Blind detection. The mono mix at 16 kHz is cut into segments of up to <see cref="SegmentSeconds"/>; in each, a
/// search over speed (each candidate undone by resampling), the sub-hop analysis offset, the slot phase and the
/// cyclic position in the block correlates the cell residuals with the pilot. The best hypotheses whose pilot
/// z-score clears the threshold are decoded (soft values per coded bit, Viterbi, 48-bit check); the first that
/// passes is the answer. At most <see cref="MaxDecodes"/> decodes are made per call, which is what the
/// false-accept bound counts (docs/audio-watermark.md).
/// </summary>
internal sealed class AudioDetector
{
    public const int MaxDecodes = 32;
    public const double SegmentSeconds = 10;
    public const int MaxSegments = 4;
    private readonly MarkLayout _layout;
    private readonly AudioWatermarkTuning _tuning;
    // Pilot weight of each block cell: target sign times cell sign, 0 for payload cells.
    private readonly float[] _pilotWeight;

    public AudioDetector(MarkLayout layout, AudioWatermarkTuning tuning)
    {
        _layout = layout;
        _tuning = tuning;
        _pilotWeight = new float[layout.UnitOfCell.Length];
        for (int i = 0; i < _pilotWeight.Length; i++)
        {
            int unit = layout.UnitOfCell[i];
            if (unit >= PayloadCodec.CodedBits)
            {
                _pilotWeight[i] = layout.PilotTarget[unit - PayloadCodec.CodedBits] * layout.SignOfCell[i];
            }
        }
    }

    private readonly record struct Hypothesis(double Z, double Stretch, float[] Residuals, int Slots, int BlockShift);

    public AudioWatermarkDetection Detect(PcmAudio audio)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        int segment = (int)(SegmentSeconds * MarkLayout.SampleRate);
        int decodes = 0;
        double bestZ = 0;
        double bestStretch = 1;
        for (int seg = 0; seg < MaxSegments && decodes < MaxDecodes; seg++)
        {
            int start = seg * segment;
            if (start >= mono16.Length || (seg > 0 && mono16.Length - start < segment / 2))
            {
                break;
            }
            var window = mono16.AsSpan(start, Math.Min(segment, mono16.Length - start));
            var candidates = Search(window);
            foreach (var h in candidates)
            {
                if (h.Z > bestZ)
                {
                    bestZ = h.Z;
                    bestStretch = h.Stretch;
                }
            }
            foreach (var h in candidates)
            {
                if (h.Z < _tuning.PilotThreshold || decodes >= MaxDecodes)
                {
                    break;
                }
                decodes++;
                var id = Decode(h, out int errors);
                if (id is ulong found)
                {
                    double offset = (double)h.BlockShift * MarkLayout.SlotSamples / MarkLayout.SampleRate;
                    return new AudioWatermarkDetection(true, found, h.Z, errors, h.Stretch, offset, decodes);
                }
            }
        }
        return new AudioWatermarkDetection(false, null, bestZ, 0, bestStretch, 0, decodes);
    }

    /// <summary>The best hypotheses of one segment, best first, at most DecodesPerSegment.</summary>
    private List<Hypothesis> Search(ReadOnlySpan<float> window)
    {
        int keep = Math.Max(1, _tuning.DecodesPerSegment);
        var best = new List<Hypothesis>(keep + 1);
        int bands = _layout.Bands;
        const int s = MarkLayout.BlockSlots;
        for (int step = -_tuning.SpeedSteps; step <= _tuning.SpeedSteps; step++)
        {
            double stretch = 1 + (step * _tuning.SpeedStep);
            var y = step == 0 ? window.ToArray() : Resampler.Resample(window, stretch);
            for (int o = 0; o < _tuning.SubHopOffsets; o++)
            {
                int offset = o * MarkLayout.Hop / _tuning.SubHopOffsets;
                var energies = BandEnergies.Compute(y, offset, _layout.BandEdges);
                for (int phase = 0; phase < MarkLayout.FramesPerSlot; phase++)
                {
                    var log = CellFeatures.LogEnergies(energies, bands, phase);
                    var r = CellFeatures.Residuals(log, bands);
                    int slots = r.Length / bands;
                    if (slots < 8)
                    {
                        continue;
                    }
                    for (int k = 0; k < s; k++)
                    {
                        double num = 0, den = 0;
                        for (int j = 0; j < slots; j++)
                        {
                            int q = (j + k) % s;
                            var w = _pilotWeight.AsSpan(q * bands, bands);
                            var row = r.AsSpan(j * bands, bands);
                            for (int b = 0; b < bands; b++)
                            {
                                float pw = w[b];
                                num += pw * row[b];
                                den += pw * pw * row[b] * row[b];
                            }
                        }
                        double z = den > 0 ? num / Math.Sqrt(den) : 0;
                        if (best.Count < keep || z > best[^1].Z)
                        {
                            var h = new Hypothesis(z, stretch, r, slots, k);
                            int at = best.FindIndex(x => x.Z < z);
                            best.Insert(at < 0 ? best.Count : at, h);
                            if (best.Count > keep)
                            {
                                best.RemoveAt(best.Count - 1);
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    /// <summary>
    /// For the harness's diagnosis: the pilot z and the raw coded-bit errors against <paramref name="expectedCoded"/>
    /// when the geometry is known (audio starting at a slot boundary of block position 0, no speed change).
    /// </summary>
    internal (double Z, int RawErrors) Aligned(PcmAudio audio, ReadOnlySpan<byte> expectedCoded)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        int bands = _layout.Bands;
        var r = CellFeatures.Residuals(CellFeatures.LogEnergies(BandEnergies.Compute(mono16, 0, _layout.BandEdges), bands, 0), bands);
        int slots = r.Length / bands;
        double num = 0, den = 0;
        var soft = new float[PayloadCodec.CodedBits];
        for (int j = 0; j < slots; j++)
        {
            int q = j % MarkLayout.BlockSlots;
            for (int b = 0; b < bands; b++)
            {
                int cell = (q * bands) + b;
                float v = r[(j * bands) + b];
                num += _pilotWeight[cell] * v;
                den += _pilotWeight[cell] * _pilotWeight[cell] * v * v;
                int unit = _layout.UnitOfCell[cell];
                if (MarkLayout.IsPayload(unit))
                {
                    soft[unit] += _layout.SignOfCell[cell] * v;
                }
            }
        }
        int errors = 0;
        for (int i = 0; i < soft.Length; i++)
        {
            errors += (soft[i] < 0) != (expectedCoded[i] == 1) ? 1 : 0;
        }
        return (den > 0 ? num / Math.Sqrt(den) : 0, errors);
    }

    private ulong? Decode(Hypothesis h, out int errors)
    {
        int bands = _layout.Bands;
        var soft = new float[PayloadCodec.CodedBits];
        for (int j = 0; j < h.Slots; j++)
        {
            int q = (j + h.BlockShift) % MarkLayout.BlockSlots;
            for (int b = 0; b < bands; b++)
            {
                int cell = (q * bands) + b;
                int unit = _layout.UnitOfCell[cell];
                if (MarkLayout.IsPayload(unit))
                {
                    soft[unit] += _layout.SignOfCell[cell] * h.Residuals[(j * bands) + b];
                }
            }
        }
        return _layout.Codec.Decode(soft, out errors);
    }
}
