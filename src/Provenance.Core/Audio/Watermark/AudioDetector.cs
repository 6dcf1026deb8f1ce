using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Blind detection. The mono mix is cut into segments of up to <see cref="SegmentSeconds"/> and brought to 16 kHz;
/// in each, speed candidates are tried from no change outwards (each undone by resampling). For one speed, every
/// sub-hop analysis offset, slot phase, cyclic position in the block and quantiser step the embedder may have used
/// (<see cref="AudioWatermarkTuning.Steps"/>) is scored by the pilot pairs' soft readings
/// (a z-score: under no mark each reading has mean 0 and variance 1/2, whatever the audio); the best hypotheses whose
/// z clears the threshold are decoded (soft readings per coded bit summed over copies, Viterbi, 48-bit check), and
/// the first that passes is the answer. At most <see cref="MaxDecodes"/> decodes are made per call, which is what
/// the false-accept bound counts (docs/audio-watermark.md).
/// </summary>
internal sealed class AudioDetector
{
    public const int MaxDecodes = 32;
    public const double SegmentSeconds = 10;
    public const int MaxSegments = 4;
    private const int MinRows = MarkLayout.BlockSlots / 2;
    private readonly MarkLayout _layout;
    private readonly AudioWatermarkTuning _tuning;
    // Pilot groups of each block slot, as group indices.
    private readonly int[][] _pilotGroups;
    private readonly int[][] _pilotPositions;
    private readonly double[][] _pilotWeights;

    public AudioDetector(MarkLayout layout, AudioWatermarkTuning tuning)
    {
        _layout = layout;
        _tuning = tuning;
        _pilotGroups = new int[MarkLayout.BlockSlots][];
        for (int q = 0; q < MarkLayout.BlockSlots; q++)
        {
            var list = new List<int>();
            for (int m = 0; m < layout.GroupsPerSlot; m++)
            {
                int g = (q * layout.GroupsPerSlot) + m;
                if (layout.CodedBitOfGroup[g] < 0)
                {
                    list.Add(g);
                }
            }
            _pilotGroups[q] = list.ToArray();
        }
        // For the comb-pairing fast path: each pilot group's position in its slot, and the coefficients of its
        // reading on the row phasor (sign of the pilot bit, orientation and dither folded in).
        _pilotPositions = new int[MarkLayout.BlockSlots][];
        _pilotWeights = new double[MarkLayout.BlockSlots][];
        for (int q = 0; q < MarkLayout.BlockSlots; q++)
        {
            var groups = _pilotGroups[q];
            _pilotPositions[q] = new int[groups.Length];
            _pilotWeights[q] = new double[groups.Length * 2];
            for (int i = 0; i < groups.Length; i++)
            {
                int g = groups[i];
                double sign = layout.PilotBit[g] == 0 ? 1 : -1;
                double dither = 2 * Math.PI * layout.Dither[g];
                _pilotPositions[q][i] = g % layout.GroupsPerSlot;
                _pilotWeights[q][2 * i] = sign * Math.Cos(dither);
                _pilotWeights[q][(2 * i) + 1] = sign * layout.Orientation[g] * Math.Sin(dither);
            }
        }
    }

    private readonly record struct Hypothesis(double Z, double Stretch, float[] Log, float Silence, int Rows, int BlockShift, double Step);

    public AudioWatermarkDetection Detect(PcmAudio audio)
    {
        var mono = audio.MonoMix();
        int segment = (int)(SegmentSeconds * audio.SampleRate);
        int decodes = 0;
        double bestZ = 0;
        double bestStretch = 1;
        for (int seg = 0; seg < MaxSegments && decodes < MaxDecodes; seg++)
        {
            int start = seg * segment;
            if (start >= mono.Length || (seg > 0 && mono.Length - start < segment / 2))
            {
                break;
            }
            var window = Resampler.Resample(mono.AsSpan(start, Math.Min(segment, mono.Length - start)), audio.SampleRate, MarkLayout.SampleRate);
            // No speed change first (the common case, and the cheapest), then outwards. A speed change applies to
            // the whole file, so only the first segment searches it: later segments (a long file whose first 10 s
            // carried no readable mark) are read at the speed found best there, which keeps an unmarked 60 s file
            // to 13 + 3 searches instead of 4 x 13.
            int candidates = seg == 0 ? (2 * _tuning.SpeedSteps) + 1 : 1;
            for (int i = 0; i < candidates && decodes < MaxDecodes; i++)
            {
                int step = (i + 1) / 2 * (i % 2 == 1 ? 1 : -1);
                double stretch = seg == 0 ? 1 + (step * _tuning.SpeedStep) : bestStretch;
                foreach (var h in Search(window, stretch))
                {
                    if (h.Z > bestZ)
                    {
                        bestZ = h.Z;
                        bestStretch = h.Stretch;
                    }
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
        }
        return new AudioWatermarkDetection(false, null, bestZ, 0, bestStretch, 0, decodes);
    }

    /// <summary>The best hypotheses for one speed, best first, at most DecodesPerStretch.</summary>
    private List<Hypothesis> Search(float[] window, double stretch)
    {
        int keep = Math.Max(1, _tuning.DecodesPerStretch);
        var best = new List<Hypothesis>(keep + 1);
        int bands = _layout.Bands;
        const int blockSlots = MarkLayout.BlockSlots;
        var y = stretch == 1 ? window : Resampler.Resample(window, stretch);
        for (int o = 0; o < _tuning.SubHopOffsets; o++)
        {
            int offset = o * MarkLayout.Hop / _tuning.SubHopOffsets;
            var energies = BandEnergies.Compute(y, offset, _layout.BandEdges);
            for (int phase = 0; phase < MarkLayout.FramesPerSlot; phase++)
            {
                var cells = CellFeatures.CellEnergies(energies, bands, phase);
                var log = CellFeatures.LogEnergies(cells);
                float silence = CellFeatures.SilenceLog(cells, _tuning.SilenceRelative);
                int rows = log.Length / bands;
                if (rows < MinRows)
                {
                    continue;
                }
                // Both steps the embedder may have chosen (AudioWatermarkTuning.FallbackStep).
                foreach (double step in _tuning.Steps)
                {
                    var phasors = _layout.CombPairing ? RowPhasors(log, rows, silence, step) : null;
                    for (int k = 0; k < blockSlots; k++)
                    {
                        var (sum, n) = phasors is null ? PilotSum(log, rows, silence, k, step) : PilotSum(phasors, rows, k);
                        double z = n == 0 ? 0 : sum / Math.Sqrt(0.5 * n);
                        if (best.Count < keep || z > best[^1].Z)
                        {
                            var h = new Hypothesis(z, stretch, log, silence, rows, k, step);
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

    /// <summary>The pilot's summed soft readings and their count with the window's row j at block slot (j + k) mod 72.</summary>
    internal (double Sum, int Count) PilotSum(float[] log, int rows, float silence, int k, double step)
    {
        int bands = _layout.Bands;
        double sum = 0;
        int n = 0;
        for (int j = 0; j < rows; j++)
        {
            int q = (j + k) % MarkLayout.BlockSlots;
            var row = log.AsSpan(j * bands, bands);
            foreach (int g in _pilotGroups[q])
            {
                if (!_layout.TryFeature(row, silence, g, out double feature))
                {
                    continue;
                }
                double soft = DitherModulation.Soft(feature, _layout.Dither[g], step);
                sum += _layout.PilotBit[g] == 0 ? soft : -soft;
                n++;
            }
        }
        return (sum, n);
    }

    /// <summary>
    /// Under comb pairing a group position reads the same bands in every block slot, so the expensive part of a soft
    /// reading, the phasor (cos, sin) of 2 pi feature / step, is computed once per row and position and shared by all
    /// 72 block positions: cos(2 pi (o f / step - d)) = cos(2 pi f / step) cos(2 pi d) + o sin(2 pi f / step) sin(2 pi d)
    /// for orientation o. This is what keeps the search over speeds cheap. A silent position is marked by NaN.
    /// </summary>
    internal double[] RowPhasors(float[] log, int rows, float silence, double step)
    {
        int bands = _layout.Bands, perSlot = _layout.GroupsPerSlot;
        var phasors = new double[rows * perSlot * 2];
        for (int j = 0; j < rows; j++)
        {
            var row = log.AsSpan(j * bands, bands);
            for (int m = 0; m < perSlot; m++)
            {
                int i = ((j * perSlot) + m) * 2;
                if (_layout.TryCanonicalFeature(row, silence, m, out double feature))
                {
                    double angle = 2 * Math.PI * feature / step;
                    phasors[i] = Math.Cos(angle);
                    phasors[i + 1] = Math.Sin(angle);
                }
                else
                {
                    phasors[i] = double.NaN;
                }
            }
        }
        return phasors;
    }

    internal (double Sum, int Count) PilotSum(double[] phasors, int rows, int k)
    {
        int perSlot = _layout.GroupsPerSlot;
        double sum = 0;
        int n = 0;
        for (int j = 0; j < rows; j++)
        {
            int q = (j + k) % MarkLayout.BlockSlots;
            var weights = _pilotWeights[q];
            var positions = _pilotPositions[q];
            for (int i = 0; i < positions.Length; i++)
            {
                int at = ((j * perSlot) + positions[i]) * 2;
                double c = phasors[at];
                if (double.IsNaN(c))
                {
                    continue;
                }
                sum += (c * weights[2 * i]) + (phasors[at + 1] * weights[(2 * i) + 1]);
                n++;
            }
        }
        return (sum, n);
    }

    /// <summary>
    /// For the harness's diagnosis: the pilot z and the raw coded-bit errors against <paramref name="expectedCoded"/>
    /// when the geometry is known (audio starting at a slot boundary of block position 0, no speed change).
    /// </summary>
    internal (double Z, int RawErrors) Aligned(PcmAudio audio, ReadOnlySpan<byte> expectedCoded)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        var cells = CellFeatures.CellEnergies(BandEnergies.Compute(mono16, 0, _layout.BandEdges), _layout.Bands, 0);
        var log = CellFeatures.LogEnergies(cells);
        (double Z, int RawErrors) result = (double.NegativeInfinity, 0);
        // Whichever step the embedder chose: the one whose pilot reads best.
        foreach (double step in _tuning.Steps)
        {
            var h = new Hypothesis(0, 1, log, CellFeatures.SilenceLog(cells, _tuning.SilenceRelative), log.Length / _layout.Bands, 0, step);
            var soft = SoftBits(h, out double pilot, out int n);
            int errors = 0;
            for (int i = 0; i < soft.Length; i++)
            {
                errors += (soft[i] < 0) != (expectedCoded[i] == 1) ? 1 : 0;
            }
            double z = n == 0 ? 0 : pilot / Math.Sqrt(0.5 * n);
            if (z > result.Z)
            {
                result = (z, errors);
            }
        }
        return result;
    }

    private ulong? Decode(Hypothesis h, out int errors) => _layout.Codec.Decode(SoftBits(h, out _, out _), out errors);

    /// <summary>Soft value of every coded bit (positive means 0), summed over all its groups in the analysed audio
    /// except those with a silent cell (never marked); also the pilot's sum and count.</summary>
    private float[] SoftBits(Hypothesis h, out double pilot, out int pilotCount)
    {
        int bands = _layout.Bands, perSlot = _layout.GroupsPerSlot;
        var soft = new float[PayloadCodec.CodedBits];
        pilot = 0;
        pilotCount = 0;
        for (int j = 0; j < h.Rows; j++)
        {
            int q = (j + h.BlockShift) % MarkLayout.BlockSlots;
            var row = h.Log.AsSpan(j * bands, bands);
            for (int m = 0; m < perSlot; m++)
            {
                int g = (q * perSlot) + m;
                if (!_layout.TryFeature(row, h.Silence, g, out double feature))
                {
                    continue;
                }
                double value = DitherModulation.Soft(feature, _layout.Dither[g], h.Step);
                int c = _layout.CodedBitOfGroup[g];
                if (c >= 0)
                {
                    soft[c] += (float)value;
                }
                else
                {
                    pilot += _layout.PilotBit[g] == 0 ? value : -value;
                    pilotCount++;
                }
            }
        }
        return soft;
    }
}
