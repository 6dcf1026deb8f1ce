using System.Runtime.Intrinsics;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Blind detection. The mono mix is cut into segments of up to <see cref="SegmentSeconds"/> and brought to 16 kHz;
/// in the first, no speed change is tried first, then the other speed candidates the pilot ranks best (each undone by
/// resampling; later segments only at the best speed found). For one speed, every
/// sub-hop analysis offset, slot phase, cyclic position in the block and quantiser step the embedder may have used
/// (<see cref="AudioWatermarkTuning.Steps"/>) is scored by the pilot pairs' soft readings
/// (a z-score: under no mark each reading has mean 0 and variance 1/2, whatever the audio), each alignment read from
/// the cells as they are and with each band's noise floor subtracted (<see cref="Readings"/>); the best hypotheses whose
/// z clears the threshold are decoded (soft readings per coded bit weighted by what the pilot says survived at their
/// position in the slot and summed over copies, Viterbi, 48-bit check), and
/// the first that passes is the answer. At most <see cref="MaxDecodes"/> decodes are made per call, and when the most
/// likely codeword fails the check the first <see cref="MaxListDecodes"/> of them go on to a list decoder: the
/// false-accept bound counts every codeword checked (<see cref="MaxCodewordsChecked"/>, docs/audio-watermark.md).
/// </summary>
internal sealed class AudioDetector
{
    public const int MaxDecodes = 32;

    /// <summary>
    /// Upper bound on the decodes per call that go on to the list decoder, and on its list: such a decode checks up to
    /// <see cref="MaxListSize"/> more codewords, so a call has at most MaxDecodes + MaxListDecodes x MaxListSize = 224
    /// chances for a wrong word to pass the 48-bit check (docs/audio-watermark.md). A longer list and fewer list
    /// decodes than the image detector's 6 x 16: a 5 s window holds about one block, so its payload is what fails, and
    /// the hypotheses decoded first (no speed change, best pilot first) are the ones a marked window is found at.
    /// </summary>
    public const int MaxListDecodes = 3;

    /// <inheritdoc cref="MaxListDecodes"/>
    public const int MaxListSize = 64;

    /// <summary>The bound on codewords checked per call that the false-accept bound counts.</summary>
    public const int MaxCodewordsChecked = MaxDecodes + (MaxListDecodes * MaxListSize);

    public const double SegmentSeconds = 10;
    public const int MaxSegments = 4;
    private const int MinRows = MarkLayout.BlockSlots / 2;
    private readonly MarkLayout _layout;
    private readonly AudioWatermarkTuning _tuning;
    // Pilot groups of each block slot, as group indices.
    private readonly int[][] _pilotGroups;
    // The pilot groups again by their position in the slot (PilotSums).
    private readonly PilotEntry[][] _pilotsByPosition;

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
        // For the comb-pairing fast path (PilotSums), by position in the slot: each pilot group's block slot and the
        // coefficients of its reading on the row phasor (sign of the pilot bit, orientation and dither folded in).
        var byPosition = Enumerable.Range(0, layout.GroupsPerSlot).Select(_ => new List<PilotEntry>()).ToArray();
        for (int q = 0; q < MarkLayout.BlockSlots; q++)
        {
            foreach (int g in _pilotGroups[q])
            {
                double sign = layout.PilotBit[g] == 0 ? 1 : -1;
                double dither = 2 * Math.PI * layout.Dither[g];
                byPosition[g % layout.GroupsPerSlot].Add(new PilotEntry(q, sign * Math.Cos(dither), sign * layout.Orientation[g] * Math.Sin(dither)));
            }
        }
        _pilotsByPosition = byPosition.Select(list => list.ToArray()).ToArray();
    }

    private readonly record struct PilotEntry(int Slot, double CosWeight, double SinWeight);

    private readonly record struct Hypothesis(double Z, double Stretch, CellReading Reading, int Rows, int BlockShift, double Step);

    /// <summary>One way of reading a window's cells: their log energies and the level under which a cell counts as silent.</summary>
    internal sealed record CellReading(float[] Log, float Silence);

    public AudioWatermarkDetection Detect(PcmAudio audio)
    {
        var mono = audio.MonoMix();
        return Detect(count => Math.Min(count, mono.Length),
            (start, length) => Resampler.Resample(mono.AsSpan(start, length), audio.SampleRate, MarkLayout.SampleRate), audio.SampleRate);
    }

    /// <summary>
    /// As <see cref="Detect(PcmAudio)"/> on one channel still being decoded: each segment is searched as soon as its
    /// samples are in, while ffmpeg decodes the next. The same result as on the whole: a segment's bounds depend only on
    /// the samples up to its end.
    /// </summary>
    public AudioWatermarkDetection Detect(ProgressiveAudio audio) =>
        Detect(audio.WaitFor, (start, length) => Resampler.Resample(audio.Span(start, length), audio.SampleRate, MarkLayout.SampleRate), audio.SampleRate);

    /// <param name="available">waits for the first n samples of the mono mix; returns how many there are (fewer at its end)</param>
    /// <param name="window">samples [start, start + length) of the mono mix at 16 kHz</param>
    private AudioWatermarkDetection Detect(Func<int, int> available, Func<int, int, float[]> window, int sampleRate)
    {
        int segment = (int)(SegmentSeconds * sampleRate);
        var search = new SearchState();
        int first = available(segment);
        if (first > 0 && SearchSpeeds(window(0, first), search) is { } found)
        {
            return found;
        }
        // A speed change applies to the whole file, so only the first segment searches it: later segments (a long file
        // whose first 10 s carried no readable mark) are read at the speed found best there.
        var later = new List<float[]>();
        for (int seg = 1; first > 0 && seg < MaxSegments; seg++)
        {
            int start = seg * segment;
            int end = available(start + segment);
            if (end - start < segment / 2)
            {
                break;
            }
            later.Add(window(start, end - start));
        }
        double stretch = search.BestStretch;
        return SearchSideBySide(later.Count, i => SearchExactly(later[i], stretch), search)
            ?? new AudioWatermarkDetection(false, null, search.BestZ, 0, search.BestStretch, 0, search.Decodes);
    }

    /// <summary>What a call has spent and seen so far: decodes (bounded by <see cref="MaxDecodes"/>) and the best pilot.</summary>
    private sealed class SearchState
    {
        public int Decodes;
        public int ListDecodes;
        public double BestZ;
        public double BestStretch = 1;
    }

    /// <summary>
    /// The first segment: no speed change first (the common case), then the other speed candidates. With
    /// <see cref="AudioWatermarkTuning.RefinedSpeeds"/> set, those are first ranked by a coarse search on the window's
    /// <see cref="FineSpectrogram"/> (no resampling, no transform per candidate) and only the best few searched
    /// exactly; otherwise every candidate is, from no change outwards.
    /// </summary>
    private AudioWatermarkDetection? SearchSpeeds(float[] window, SearchState search)
    {
        int fineHop = MarkLayout.Hop / _tuning.SubHopOffsets;
        double widest = 1 + (_tuning.SpeedSteps * _tuning.SpeedStep);
        int maxBin = Math.Min(MarkLayout.FrameLength / 2, (int)Math.Ceiling(_layout.BandEdges[^1] * widest) + 1);
        var spectrogram = FineSpectrogram.Compute(window, fineHop, maxBin);
        if (TryDecode(Search(offset => spectrogram.BandEnergiesAt(offset, 1, _layout.BandEdges), 1, _tuning.SubHopOffsets), search) is { } unchanged)
        {
            return unchanged;
        }
        var others = Enumerable.Range(1, 2 * _tuning.SpeedSteps)
            .Select(i => 1 + ((i + 1) / 2 * (i % 2 == 1 ? 1 : -1) * _tuning.SpeedStep)).ToArray();
        if (_tuning.RefinedSpeeds > 0)
        {
            var coarse = new double[others.Length];
            Parallel.For(0, others.Length, i => coarse[i] =
                Search(offset => spectrogram.BandEnergiesAt(offset, others[i], _layout.BandEdges), others[i], _tuning.CoarseSubHopOffsets, coarse: true) is [var top, ..] ? top.Z : 0);
            // A stable sort: candidates that score alike keep their order, nearest to no change first.
            others = others.Zip(coarse).OrderByDescending(c => c.Second).Take(_tuning.RefinedSpeeds).Select(c => c.First).ToArray();
        }
        return SearchSideBySide(others.Length, i => SearchExactly(window, others[i]), search);
    }

    /// <summary>
    /// Searches <paramref name="count"/> candidates (speeds or segments) side by side, then decodes their hypotheses in
    /// candidate order, as one search after the other would: a candidate's decodes and the best pilot it saw come before
    /// the next one's, and the decodes stop at <see cref="MaxDecodes"/>. So the result does not depend on the cores.
    /// </summary>
    private AudioWatermarkDetection? SearchSideBySide(int count, Func<int, List<Hypothesis>> searchOne, SearchState search)
    {
        var hypotheses = new List<Hypothesis>[count];
        Parallel.For(0, count, i => hypotheses[i] = searchOne(i));
        foreach (var list in hypotheses)
        {
            if (search.Decodes >= MaxDecodes)
            {
                break;
            }
            if (TryDecode(list, search) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>The hypotheses of one speed candidate, searched on the window resampled by <paramref name="stretch"/>.</summary>
    private List<Hypothesis> SearchExactly(float[] window, double stretch)
    {
        var y = stretch == 1 ? window : Resampler.Resample(window, stretch);
        return Search(offset => BandEnergies.Compute(y, offset, _layout.BandEdges), stretch, _tuning.SubHopOffsets);
    }

    /// <summary>Decodes one speed candidate's best hypotheses (best first) whose pilot clears the threshold.</summary>
    private AudioWatermarkDetection? TryDecode(List<Hypothesis> hypotheses, SearchState search)
    {
        foreach (var h in hypotheses)
        {
            if (h.Z > search.BestZ)
            {
                search.BestZ = h.Z;
                search.BestStretch = h.Stretch;
            }
            if (h.Z < _tuning.PilotThreshold || search.Decodes >= MaxDecodes)
            {
                break;
            }
            search.Decodes++;
            var soft = SoftBits(h, out _, out _);
            ulong? found = _layout.Codec.Decode(soft, out int errors);
            if (found is null && search.ListDecodes < MaxListDecodes && ListDecoding)
            {
                // A pilot over the threshold whose most likely codeword fails the check: at the right alignment
                // that word often misses by a few decisions that a runner-up of the trellis gets right.
                search.ListDecodes++;
                found = ListDecode(soft, out errors);
            }
            if (found is { } id)
            {
                double offset = (double)h.BlockShift * MarkLayout.SlotSamples / MarkLayout.SampleRate;
                return new AudioWatermarkDetection(true, id, h.Z, errors, h.Stretch, offset, search.Decodes);
            }
        }
        return null;
    }

    /// <summary>
    /// The best hypotheses for one speed, best first, at most DecodesPerStretch; <paramref name="energiesAt"/> gives the
    /// band energies of the frames analysed from a sub-hop offset. <paramref name="subHops"/> offsets are tried, evenly
    /// spaced over a hop (each a multiple of the spectrogram's fine hop, which has <see cref="AudioWatermarkTuning.SubHopOffsets"/>).
    /// </summary>
    /// <param name="coarse">The coarse ranking of speeds: cells read only as they are. A speed is found as well without
    /// the noise-floor reading (noise does not move it), and it would double the ranking's cost on every unmarked file.</param>
    private List<Hypothesis> Search(Func<int, float[]> energiesAt, double stretch, int subHops, bool coarse = false)
    {
        int keep = Math.Max(1, _tuning.DecodesPerStretch);
        var best = new List<Hypothesis>(keep + 1);
        int bands = _layout.Bands;
        int fineHop = MarkLayout.Hop / _tuning.SubHopOffsets;
        int every = Math.Max(1, _tuning.SubHopOffsets / Math.Max(1, subHops));
        for (int o = 0; o < _tuning.SubHopOffsets; o += every)
        {
            var energies = energiesAt(o * fineHop);
            for (int phase = 0; phase < MarkLayout.FramesPerSlot; phase++)
            {
                var cells = CellFeatures.CellEnergies(energies, bands, phase);
                int rows = cells.Length / bands;
                if (rows < MinRows)
                {
                    continue;
                }
                foreach (var reading in Readings(cells, plainOnly: coarse))
                {
                    Score(reading, rows, stretch, best, keep);
                }
            }
        }
        return best;
    }

    /// <summary>Scores every block position and step of one reading of a window and keeps the best
    /// <paramref name="keep"/> hypotheses in <paramref name="best"/> (best first).</summary>
    private void Score(CellReading reading, int rows, double stretch, List<Hypothesis> best, int keep)
    {
        // Both steps the embedder may have chosen (AudioWatermarkTuning.FallbackStep).
        var steps = _tuning.Steps;
        var phasorsByStep = _layout.CombPairing ? RowPhasors(reading.Log, rows, reading.Silence, steps) : null;
        Span<double> sums = stackalloc double[MarkLayout.BlockSlots];
        Span<int> counts = stackalloc int[MarkLayout.BlockSlots];
        for (int s = 0; s < steps.Length; s++)
        {
            double step = steps[s];
            if (phasorsByStep is { } phasors)
            {
                PilotSums(phasors[s], sums, counts);
            }
            else
            {
                for (int k = 0; k < MarkLayout.BlockSlots; k++)
                {
                    (sums[k], counts[k]) = PilotSum(reading.Log, rows, reading.Silence, k, step);
                }
            }
            for (int k = 0; k < MarkLayout.BlockSlots; k++)
            {
                int n = counts[k];
                double z = n == 0 ? 0 : sums[k] / Math.Sqrt(0.5 * n);
                if (best.Count < keep || z > best[^1].Z)
                {
                    var h = new Hypothesis(z, stretch, reading, rows, k, step);
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

    /// <summary>
    /// The ways one window's cells are read: as they are, and with each band's noise floor subtracted
    /// (<see cref="NoiseFloor"/>; <see cref="AudioWatermarkTuning.NoiseReading"/>). Both are scored by the pilot like
    /// any other hypothesis, so the subtraction is used only where the pilot reads better with it (speech under
    /// noise) and not where it would strip quiet but marked cells (music without noise). Unmarked audio read either
    /// way still gives readings against keyed dithers, and the decodes stay capped at <see cref="MaxDecodes"/>.
    /// </summary>
    internal IEnumerable<CellReading> Readings(double[] cells, bool plainOnly = false)
    {
        if (_tuning.NoiseReading != 1 || plainOnly)
        {
            yield return new CellReading(CellFeatures.LogEnergies(cells), CellFeatures.SilenceLog(cells, _tuning.SilenceRelative));
        }
        if (_tuning.NoiseReading != 0 && !plainOnly)
        {
            var floor = NoiseFloor.Estimate(cells, _layout.Bands, _tuning.NoisePercentile, _tuning.NoiseScale);
            var clean = NoiseFloor.Subtract(cells, floor, _tuning.NoiseMargin);
            yield return new CellReading(CellFeatures.LogEnergies(clean), CellFeatures.SilenceLog(clean, _tuning.SilenceRelative));
        }
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
    /// for orientation o. And since row j meets block slot (j + k) mod 72 under block position k, rows 72 apart read the
    /// same groups under every position: their phasors are summed (folded) first, so scoring the 72 positions reads 72
    /// rows instead of all of them. Silent positions are left out of the sums and the counts. This is what keeps the
    /// search over speeds cheap.
    /// </summary>
    internal FoldedPhasors[] RowPhasors(float[] log, int rows, float silence, double[] steps)
    {
        int bands = _layout.Bands, perSlot = _layout.GroupsPerSlot;
        int count = rows * perSlot;
        // The features once for all steps; a silent position is NaN.
        var features = new double[count];
        for (int j = 0; j < rows; j++)
        {
            var row = log.AsSpan(j * bands, bands);
            for (int m = 0; m < perSlot; m++)
            {
                features[(j * perSlot) + m] = _layout.TryCanonicalFeature(row, silence, m, out double feature) ? feature : double.NaN;
            }
        }
        int folded = Math.Min(rows, MarkLayout.BlockSlots);
        var result = new FoldedPhasors[steps.Length];
        var sin = new double[count];
        var cos = new double[count];
        for (int s = 0; s < steps.Length; s++)
        {
            Phasors(features, 2 * Math.PI / steps[s], sin, cos);
            var sums = new FoldedPhasors(new double[folded * perSlot], new double[folded * perSlot], new int[folded * perSlot], folded);
            for (int j = 0; j < rows; j++)
            {
                int from = j * perSlot, to = (j % MarkLayout.BlockSlots) * perSlot;
                for (int m = 0; m < perSlot; m++)
                {
                    if (!double.IsNaN(features[from + m]))
                    {
                        sums.Cos[to + m] += cos[from + m];
                        sums.Sin[to + m] += sin[from + m];
                        sums.Count[to + m]++;
                    }
                }
            }
            result[s] = sums;
        }
        return result;
    }

    /// <summary>sin and cos of <paramref name="scale"/> times each feature, four at a time. A silent position (NaN) gets the
    /// phasor of 0, which the caller skips: a NaN lane would send its whole vector down the runtime's scalar fallback.</summary>
    private static void Phasors(ReadOnlySpan<double> features, double scale, Span<double> sin, Span<double> cos)
    {
        int i = 0;
        var factor = Vector256.Create(scale);
        for (; i <= features.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var f = Vector256.Create(features.Slice(i, Vector256<double>.Count));
            var (s, c) = Vector256.SinCos(Vector256.ConditionalSelect(Vector256.Equals(f, f), f, Vector256<double>.Zero) * factor);
            s.CopyTo(sin.Slice(i));
            c.CopyTo(cos.Slice(i));
        }
        for (; i < features.Length; i++)
        {
            (sin[i], cos[i]) = Math.SinCos(features[i] * scale);
        }
    }

    /// <summary>Per folded row and group position: the summed phasors of the rows folded onto it, and how many were not silent.</summary>
    internal sealed record FoldedPhasors(double[] Cos, double[] Sin, int[] Count, int Rows);

    /// <summary>
    /// The pilot's summed readings and their counts under all 72 block positions at once. Under position k, folded row r
    /// meets block slot (r + k) mod 72, so a pilot at slot q and group position m reads row (q - k) mod 72 at m: for each
    /// pilot, its row phasors taken in reverse order are a contiguous run over k, and adding the 300 pilots' runs
    /// is vector work. The same terms as reading each position in turn, summed in another order.
    /// </summary>
    internal void PilotSums(FoldedPhasors phasors, Span<double> sums, Span<int> counts)
    {
        const int slots = MarkLayout.BlockSlots;
        int perSlot = _layout.GroupsPerSlot;
        // reversed[u] holds folded row (slots - u) mod slots, for u in [0, 2 slots): a pilot at slot q covers
        // positions k = 0..71 with reversed[slots - q + k]. Rows a short window lacks stay zero.
        Span<double> cos = stackalloc double[2 * slots];
        Span<double> sin = stackalloc double[2 * slots];
        Span<int> count = stackalloc int[2 * slots];
        sums.Clear();
        counts.Clear();
        for (int m = 0; m < perSlot; m++)
        {
            cos.Clear();
            sin.Clear();
            count.Clear();
            for (int r = 0; r < phasors.Rows; r++)
            {
                int at = (r * perSlot) + m;
                int u = (slots - r) % slots;
                cos[u] = cos[u + slots] = phasors.Cos[at];
                sin[u] = sin[u + slots] = phasors.Sin[at];
                count[u] = count[u + slots] = phasors.Count[at];
            }
            foreach (var pilot in _pilotsByPosition[m])
            {
                int from = slots - pilot.Slot;
                AddScaled(sums, cos.Slice(from, slots), pilot.CosWeight, sin.Slice(from, slots), pilot.SinWeight);
                AddCounts(counts, count.Slice(from, slots));
            }
        }
    }

    /// <summary>sums += a x cos + b x sin, element by element; the scalar tail adds in the vector body's order.</summary>
    private static void AddScaled(Span<double> sums, ReadOnlySpan<double> cos, double a, ReadOnlySpan<double> sin, double b)
    {
        int i = 0;
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        for (; i <= sums.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var s = Vector256.Create<double>(sums.Slice(i)) + (va * Vector256.Create(cos.Slice(i))) + (vb * Vector256.Create(sin.Slice(i)));
            s.CopyTo(sums.Slice(i));
        }
        for (; i < sums.Length; i++)
        {
            sums[i] = sums[i] + (a * cos[i]) + (b * sin[i]);
        }
    }

    private static void AddCounts(Span<int> counts, ReadOnlySpan<int> count)
    {
        int i = 0;
        for (; i <= counts.Length - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            (Vector256.Create<int>(counts.Slice(i)) + Vector256.Create(count.Slice(i))).CopyTo(counts.Slice(i));
        }
        for (; i < counts.Length; i++)
        {
            counts[i] += count[i];
        }
    }

    /// <summary>
    /// For the harness's diagnosis: the pilot z and the raw coded-bit errors against <paramref name="expectedCoded"/>
    /// when the geometry is known (audio starting at a slot boundary of block position 0, no speed change), over the
    /// whole clip (all its block copies folded); and how many 5 s and 10 s windows, starting every half second at a slot
    /// boundary, decode to <paramref name="id"/> when each is read alone at the known geometry. The windows are what the
    /// detector gets, without the search: many more of them per clip than a windowed run can afford, in seconds.
    /// </summary>
    internal AlignedDiagnosis Aligned(PcmAudio audio, ReadOnlySpan<byte> expectedCoded, ulong id)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        var cells = CellFeatures.CellEnergies(BandEnergies.Compute(mono16, 0, _layout.BandEdges), _layout.Bands, 0);
        var (z, raw, _) = BestAligned(cells, 0, expectedCoded);
        int bands = _layout.Bands, allRows = cells.Length / bands;
        var windows = new int[2];
        var decoded = new int[2];
        const int stride = 8;
        for (int w = 0; w < 2; w++)
        {
            int rows = (w == 0 ? 5 : 10) * MarkLayout.SampleRate / MarkLayout.SlotSamples;
            for (int j0 = 0; j0 + rows <= allRows; j0 += stride)
            {
                var slice = cells.AsSpan(j0 * bands, rows * bands).ToArray();
                var (_, _, soft) = BestAligned(slice, j0 % MarkLayout.BlockSlots, expectedCoded);
                windows[w]++;
                decoded[w] += DecodeAligned(soft) == id ? 1 : 0;
            }
        }
        return new AlignedDiagnosis(z, raw, windows[0], decoded[0], windows[1], decoded[1]);
    }

    /// <summary>Reads <paramref name="cells"/> at block position <paramref name="blockShift"/> with whichever reading
    /// and step the pilot reads best, as the search would: pilot z, raw errors and the coded bits' soft values.</summary>
    private (double Z, int RawErrors, float[] Soft) BestAligned(double[] cells, int blockShift, ReadOnlySpan<byte> expectedCoded)
    {
        (double Z, int RawErrors, float[] Soft) result = (double.NegativeInfinity, 0, []);
        foreach (var reading in Readings(cells))
        {
            foreach (double step in _tuning.Steps)
            {
                var h = new Hypothesis(0, 1, reading, reading.Log.Length / _layout.Bands, blockShift, step);
                var soft = SoftBits(h, out double pilot, out int n);
                int errors = 0;
                for (int i = 0; i < soft.Length; i++)
                {
                    errors += (soft[i] < 0) != (expectedCoded[i] == 1) ? 1 : 0;
                }
                double z = n == 0 ? 0 : pilot / Math.Sqrt(0.5 * n);
                if (z > result.Z)
                {
                    result = (z, errors, soft);
                }
            }
        }
        return result;
    }

    internal sealed record AlignedDiagnosis(double Z, int RawErrors, int Windows5, int Decoded5, int Windows10, int Decoded10);

    /// <summary>A known-geometry window decoded as the search decodes a hypothesis: Viterbi, then the list decoder.</summary>
    private ulong? DecodeAligned(float[] soft) =>
        _layout.Codec.Decode(soft, out _) ?? (ListDecoding ? ListDecode(soft, out _) : null);

    /// <summary>Whether the tuning asks for a list decoder (a list of 1 is the Viterbi decode alone).</summary>
    private bool ListDecoding => _tuning.ListSize > 1;

    /// <summary>The list decoder over the tuning's list size, at most <see cref="MaxListSize"/>.</summary>
    private ulong? ListDecode(float[] soft, out int errors) =>
        _layout.Codec.DecodeList(soft, Math.Min(_tuning.ListSize, MaxListSize), out errors, out _);

    /// <summary>Soft value of every coded bit (positive means 0), summed over all its groups in the analysed audio
    /// except those with a silent cell (never marked); also the pilot's sum and count.</summary>
    private float[] SoftBits(Hypothesis h, out double pilot, out int pilotCount)
    {
        int bands = _layout.Bands, perSlot = _layout.GroupsPerSlot;
        var soft = new float[PayloadCodec.CodedBits];
        pilot = 0;
        pilotCount = 0;
        // Every group's reading (NaN when silent), and the pilot's signed readings per position in the slot.
        var values = new double[h.Rows * perSlot];
        var positionSum = new double[perSlot];
        var positionCount = new int[perSlot];
        for (int j = 0; j < h.Rows; j++)
        {
            int q = (j + h.BlockShift) % MarkLayout.BlockSlots;
            var row = h.Reading.Log.AsSpan(j * bands, bands);
            for (int m = 0; m < perSlot; m++)
            {
                int g = (q * perSlot) + m;
                double value = _layout.TryFeature(row, h.Reading.Silence, g, out double feature)
                    ? DitherModulation.Soft(feature, _layout.Dither[g], h.Step)
                    : double.NaN;
                values[(j * perSlot) + m] = value;
                if (_layout.CodedBitOfGroup[g] < 0 && !double.IsNaN(value))
                {
                    double signed = _layout.PilotBit[g] == 0 ? value : -value;
                    pilot += signed;
                    pilotCount++;
                    positionSum[m] += signed;
                    positionCount[m]++;
                }
            }
        }
        var weight = PositionWeights(positionSum, positionCount);
        for (int j = 0; j < h.Rows; j++)
        {
            int q = (j + h.BlockShift) % MarkLayout.BlockSlots;
            for (int m = 0; m < perSlot; m++)
            {
                int c = _layout.CodedBitOfGroup[(q * perSlot) + m];
                double value = values[(j * perSlot) + m];
                if (c >= 0 && !double.IsNaN(value))
                {
                    soft[c] += (float)(value * weight[m]);
                }
            }
        }
        return soft;
    }

    /// <summary>
    /// Weights of the coded bits' readings by their position in the slot (which two bands they compare), estimated from
    /// the pilot at the hypothesis being decoded: the pilot's mean signed reading at a position is how much of the mark
    /// the attack left in those bands (after noise the upper bands of speech keep almost none; after AAC 64k or Opus
    /// some bands of music keep far less than others), and a reading whose expected value is mu is worth about mu in
    /// the decoder's sum. The mean is shrunk towards the mean over all positions by
    /// <see cref="AudioWatermarkTuning.PilotWeighting"/> readings (a 5 s window has about 20 per position) and never
    /// negative; 1 everywhere when that is 0. The weights come from the pilot groups alone, whose dithers are not the
    /// payload's: unmarked audio still decodes to a keyed whitening of noise, so the false-accept argument holds.
    /// </summary>
    private double[] PositionWeights(double[] sum, int[] count)
    {
        var w = new double[sum.Length];
        if (_tuning.PilotWeighting <= 0)
        {
            Array.Fill(w, 1.0);
            return w;
        }
        double total = 0;
        int n = 0;
        for (int m = 0; m < sum.Length; m++)
        {
            total += sum[m];
            n += count[m];
        }
        double mean = n == 0 ? 0 : total / n;
        double shrink = _tuning.PilotWeighting;
        for (int m = 0; m < w.Length; m++)
        {
            w[m] = Math.Max(0, (sum[m] + (shrink * mean)) / (count[m] + shrink));
        }
        return w;
    }
}
