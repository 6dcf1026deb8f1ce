using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Embeds the mark. On the mono mix at 16 kHz it reads every pair's feature (the difference of two cells' log
/// energies, <see cref="MarkLayout"/>), computes the shift that puts it on its bit's lattice
/// (<see cref="DitherModulation"/>), and splits that shift between the pair's two cells within what the
/// <see cref="PsychoacousticMask"/> allows. If the mark would then be louder than the SNR target, the shifts of the
/// pairs that cost most (two loud cells) are scaled down until it is met (distortion-compensated dither modulation:
/// their reading then carries part of the host as noise), so the strength follows the signal. The cell changes are applied as gains on each channel's own
/// short-time spectrum: each channel's mark is its own sound, a fraction of a decibel up or down in one band over
/// 64 ms, and silence stays silent. Because the STFT frames overlap the slots, the result is re-analysed and the
/// shortfall corrected (<see cref="AudioWatermarkTuning.Passes"/>). A signal on which the main quantiser step does
/// not fit the SNR budget is marked with the fallback step instead (<see cref="AudioWatermarkTuning.FallbackStep"/>).
/// </summary>
internal sealed class AudioEmbedder
{
    // Plans tried before giving up on the SNR target (each costs a full embedding); two were not always enough.
    private const int MaxPlans = 4;
    // How far over the SNR target an output may land before the plan is redone to spend the rest on the mark.
    private const double SnrSlackDb = 0.3;
    // How far under the target a plan's output may land and still be kept, made quieter to meet it; and how far over
    // the target that puts it (rounding of the float marks must not bring it under).
    private const double ScaleDownDb = 0.3;
    private const double ScaleMarginDb = 0.02;
    // The lead the first segment starts from. The correction passes add mark energy, so an output lands under its
    // planning target: 2.7-6.1 dB over the plans of 60 s of love_theme.ogg (the Sign benchmark's input). A first
    // guess in that range saves most of the first segment's extra plans; a wrong one costs a plan.
    private const double FirstLeadDb = 3.5;
    // Slots per planned segment (10.24 s; the last segment takes the rest, so an input under twice this is one
    // segment). Long enough that a segment's two edge slots, where the neighbour's frames overlap its own, are a small
    // share of it; short enough that Sign's encoder waits for one segment's plan, not the whole file's (docs/audio.md).
    private const int SegmentSlots = 160;
    private readonly MarkLayout _layout;
    private readonly AudioWatermarkOptions _options;
    private readonly AudioWatermarkTuning _tuning;

    public AudioEmbedder(MarkLayout layout, AudioWatermarkOptions options, AudioWatermarkTuning tuning)
    {
        _layout = layout;
        _options = options;
        _tuning = tuning;
    }

    /// <summary>Marks <paramref name="audio"/> with <paramref name="id"/> into new samples of the same shape.</summary>
    public AudioWatermarkEmbedding Embed(PcmAudio audio, ulong id)
    {
        var plan = Plan(audio, id);
        var output = new float[audio.Samples.Length];
        plan.RenderNext(output, plan.Frames);
        return new AudioWatermarkEmbedding(new PcmAudio(output, audio.Channels, audio.SampleRate), plan.SnrDb, plan.Strength);
    }

    /// <summary>
    /// Settles the mark of <paramref name="audio"/> for <paramref name="id"/>, to be rendered by the caller. The input
    /// is planned in segments of <see cref="SegmentSlots"/> slots (the last one takes the rest, up to twice that),
    /// each when the render comes near it, and each meets the SNR target on its own: so the encoder of a Sign can take
    /// the first seconds while the rest is planned, and a quiet passage keeps a mark as quiet as itself.
    /// </summary>
    public AudioMarkPlan Plan(PcmAudio audio, ulong id)
    {
        double ratio16 = (double)MarkLayout.SampleRate / audio.SampleRate;
        int length16 = audio.SampleRate == MarkLayout.SampleRate ? audio.Frames : Resampler.OutputLength(audio.Frames, ratio16);
        int slots = CellFeatures.SlotCount(BandEnergies.FrameCount(length16, 0), 0);
        var starts16 = new int[Math.Max(1, slots / SegmentSlots)];
        for (int k = 0; k < starts16.Length; k++)
        {
            starts16[k] = k * SegmentSlots * MarkLayout.SlotSamples;
        }
        var coded = new byte[PayloadCodec.CodedBits];
        _layout.Codec.Encode(id, coded);
        float[]? carry = null;
        double? lead = null;
        return new AudioMarkPlan(audio, length16, starts16, (k, parallelism) =>
        {
            int? next16 = k + 1 < starts16.Length ? starts16[k + 1] : null;
            var host = new Host(audio, starts16[k], next16 is { } n ? n + MarkLayout.Hop : length16, next16, carry, parallelism);
            (var segment, lead) = PlanSegment(host, coded, lead);
            carry = host.Tail(segment.Marks16);
            return segment;
        });
    }

    /// <summary>
    /// One segment at the main step, or at the fallback step where the main one does not fit its SNR budget, with the
    /// lead of the main step's plan for the next segment (<see cref="Plan(Host, byte[], double, double?)"/>).
    /// </summary>
    private (AudioMarkPlan.PlannedSegment Segment, double Lead) PlanSegment(Host host, byte[] coded, double? lead)
    {
        var plan = Plan(host, coded, _tuning.Step, lead);
        if (_tuning.FallbackStep > 0 && plan.Segment.Strength < _tuning.FallbackBelowStrength)
        {
            // The main step does not fit this signal's SNR budget (tonal music): the smaller step reads better.
            var fallback = Plan(host, coded, _tuning.FallbackStep, null).Segment;
            if (fallback.Strength > plan.Segment.Strength)
            {
                return (fallback, plan.Lead);
            }
        }
        return plan;
    }

    /// <summary>
    /// Plans one segment at <paramref name="step"/>. <paramref name="lead"/> is how far over the SNR target the
    /// previous segment's kept plan had to aim (null for the first): the passes and the channels' own spectra put a
    /// plan's output some dB under its planning target, by an amount that varies less between the segments of one
    /// input than between inputs, so the first plan starts from there. Returns the plan and its own lead.
    /// </summary>
    private (AudioMarkPlan.PlannedSegment Segment, double Lead) Plan(Host host, byte[] coded, double step, double? lead)
    {
        var mono16 = host.Mono16;
        int bands = _layout.Bands, slotBase = host.Start16 / MarkLayout.SlotSamples;
        var cells = CellFeatures.CellEnergies(BandEnergies.Compute(mono16, 0, _layout.BandEdges), bands, phase: 0);
        int slots = cells.Length / bands;
        var log0 = CellFeatures.LogEnergies(cells);
        var (lower, upper) = PsychoacousticMask.Bounds(cells, bands, _tuning.MaskSpreadDbPerBand, _tuning.MaskOffsetDb,
            _tuning.SilenceRelative);
        // The full shift of every pair of the signal (slot s, pair k of block slot s mod BlockSlots): a group's shift
        // puts its feature on its bit's lattice and is shared equally by its pairs.
        int perSlot = _layout.PairsPerSlot, groupsPerSlot = _layout.GroupsPerSlot, perGroup = _layout.PairsPerGroup;
        var shift = new double[slots * perSlot];
        for (int s = 0; s < slots; s++)
        {
            var row = log0.AsSpan(s * bands, bands);
            for (int m = 0; m < groupsPerSlot; m++)
            {
                int g = (((slotBase + s) % MarkLayout.BlockSlots) * groupsPerSlot) + m;
                int bit = _layout.CodedBitOfGroup[g] is int c and >= 0 ? coded[c] : _layout.PilotBit[g];
                // Groups with a silent cell are marked too (in their other cell): the detector judges silence on its
                // own window, whose mean differs from the whole file's, and may read them.
                _layout.TryFeature(row, float.NegativeInfinity, g, out double feature);
                double pairShift = _tuning.Alpha * DitherModulation.Shift(feature, _layout.Dither[g], bit, step) / perGroup;
                for (int i = 0; i < perGroup; i++)
                {
                    shift[(s * perSlot) + (m * perGroup) + i] = pairShift;
                }
            }
        }
        var upShare = UpShares(cells, slotBase);
        double hostEnergy = EnergyWithoutOffset(mono16, 1);

        // The plan predicts the SNR from the cell changes on the mono mix; the overlap of STFT frames, the correction
        // passes and the channels' own spectra put the output's SNR several dB under it. So the output's SNR is measured
        // (from the channels' marks, MarkChannels) and the planning target moved (secant between the closest plans
        // under and over the target) until the output lands just above the target: a plan far over it wastes mark
        // strength, one under it breaks the SNR promise. A plan just under it is kept, made quieter (ScaleDownDb);
        // otherwise the best plan that meets the target is.
        double target = _options.TargetSnrDb, aim = target + (SnrSlackDb / 2);
        double planningTarget = aim + (lead ?? FirstLeadDb);
        (float[][] Marks, double Snr, double Strength, double Lead)? best = null;
        double underPlan = double.NaN, underSnr = double.NaN, overPlan = double.NaN, overSnr = double.NaN;
        for (int attempt = 0; attempt < MaxPlans; attempt++)
        {
            var (change, strength) = Solve(planningTarget);
            var (marks, snr) = MarkChannels(host, FrameGains(change, slots));
            double gap = planningTarget - snr;
            if (snr < target && (snr >= target - ScaleDownDb || (attempt == MaxPlans - 1 && best is null)))
            {
                // Just under the target: the same mark a little quieter meets it, with every shift a few percent
                // smaller, and saves a plan. (A mark made louder would leave its mask; a mark far under is planned again.)
                float factor = (float)Math.Pow(10, (snr - target - ScaleMarginDb) / 20);
                foreach (var mark in marks)
                {
                    for (int i = 0; i < mark.Length; i++)
                    {
                        mark[i] *= factor;
                    }
                }
                (snr, strength) = (snr - (20 * Math.Log10(factor)), strength * factor);
                best = (marks, snr, strength, gap);
                break;
            }
            if (snr >= target)
            {
                if (best is null || snr < best.Value.Snr)
                {
                    best = (marks, snr, strength, gap);
                }
                if (snr < target + SnrSlackDb)
                {
                    break;
                }
                (overPlan, overSnr) = (planningTarget, snr);
            }
            else
            {
                (underPlan, underSnr) = (planningTarget, snr);
            }
            planningTarget = !double.IsNaN(underPlan) && !double.IsNaN(overPlan) && overSnr > underSnr
                ? underPlan + ((overPlan - underPlan) * (aim - underSnr) / (overSnr - underSnr))
                : planningTarget + (aim - snr);
        }
        var kept = best!.Value;
        return (new AudioMarkPlan.PlannedSegment(host.Start16, kept.Marks, kept.Strength, slots * perSlot, host.Energy), kept.Lead);

        (double[] Change, double Strength) Solve(double planningTarget)
        {
            // Strength, per pair: a pair whose full shift costs more mark energy than lambda gets a scaled shift that
            // costs lambda (distortion-compensated dither modulation, the reading then carries part of the host as
            // noise); lambda is the largest that meets the SNR target. Pairs of two loud cells, which would take most of
            // the budget for one bit's worth, are the ones scaled down.
            var full = Split(shift, null, upShare, lower, upper, null, slotBase);
            var cost = new double[shift.Length];
            for (int s = 0; s < slots; s++)
            {
                for (int k = 0; k < perSlot; k++)
                {
                    int p = PairOf(slotBase + s, k);
                    int up = (s * bands) + _layout.Up[p], down = (s * bands) + _layout.Down[p];
                    cost[(s * perSlot) + k] = MarkEnergy(full[up], cells[up]) + MarkEnergy(full[down], cells[down]);
                }
            }
            var scale = new double[shift.Length];
            double[] Scales(double lambda)
            {
                for (int i = 0; i < scale.Length; i++)
                {
                    scale[i] = cost[i] <= lambda ? 1 : Math.Sqrt(lambda / cost[i]);
                }
                return scale;
            }
            var change = full;
            double strength = 1;
            if (PredictedSnr(full, cells, hostEnergy) < planningTarget)
            {
                double maxCost = cost.Length == 0 ? 1 : cost.Max();
                double lo = maxCost * 1e-8, hi = maxCost;
                change = Split(shift, Scales(lo), upShare, lower, upper, null, slotBase);
                for (int step = 0; step < 30; step++)
                {
                    double mid = Math.Sqrt(lo * hi);
                    var c = Split(shift, Scales(mid), upShare, lower, upper, null, slotBase);
                    if (PredictedSnr(c, cells, hostEnergy) >= planningTarget)
                    {
                        lo = mid;
                        change = c;
                    }
                    else
                    {
                        hi = mid;
                    }
                }
                Scales(lo);
                strength = scale.Length == 0 ? 1 : scale.Average();
            }
            else
            {
                Array.Fill(scale, 1.0);
            }

            // Correction passes: what the marked mono mix actually reads, against what was planned.
            var planned = new double[shift.Length];
            for (int i = 0; i < shift.Length; i++)
            {
                planned[i] = scale[i] * shift[i];
            }
            for (int pass = 1; pass < _tuning.Passes; pass++)
            {
                var mark = BandEnergies.Mark(mono16, _layout.BandEdges, FrameGains(change, slots));
                for (int i = 0; i < mark.Length; i++)
                {
                    mark[i] += mono16[i];
                }
                host.AddCarry(mark);
                var log = CellFeatures.LogEnergies(CellFeatures.CellEnergies(BandEnergies.Compute(mark, 0, _layout.BandEdges), bands, phase: 0));
                var residual = new double[shift.Length];
                for (int s = 0; s < slots; s++)
                {
                    for (int k = 0; k < perSlot; k++)
                    {
                        int p = PairOf(slotBase + s, k);
                        int up = (s * bands) + _layout.Up[p], down = (s * bands) + _layout.Down[p];
                        double wanted = log0[up] - log0[down] + planned[(s * perSlot) + k];
                        residual[(s * perSlot) + k] = wanted - (log[up] - log[down]);
                    }
                }
                change = Split(residual, null, upShare, lower, upper, change, slotBase);
            }
            return (change, strength);
        }
    }

    /// <summary>Layout index of pair <paramref name="k"/> of the block slot that the input's slot <paramref name="slot"/>
    /// carries (slots counted from the input's start, so a segment passes its first slot's number plus its own).</summary>
    private int PairOf(int slot, int k) => ((slot % MarkLayout.BlockSlots) * _layout.PairsPerSlot) + k;

    /// <summary>
    /// One segment of the input: each channel at the mark's 16 kHz over the segment's samples from Start16 and
    /// their mono mix, resampled once and shared by every plan and both steps, with the input's energy at its own
    /// rate over the segment's share of the frames. The mix is averaged at 16 kHz from the resampled channels
    /// (resampling is linear, so that is the resampled mix, for one resampling fewer). A segment's samples run one hop
    /// into the next segment, where its last frame ends; the previous segment's mark over this one's first hop
    /// (<see cref="Tail"/>) is the carry, added to what the correction passes read.
    /// </summary>
    private sealed class Host
    {
        private readonly float[]? _carry;

        public Host(PcmAudio audio, int start16, int end16, int? next16, float[]? carry, ParallelOptions parallelism)
        {
            Parallelism = parallelism;
            Start16 = start16;
            RateRatio = (double)audio.SampleRate / MarkLayout.SampleRate;
            _carry = carry;
            int length = end16 - start16;
            int channels = audio.Channels;
            Channels16 = new float[channels][];
            double ratio16 = (double)MarkLayout.SampleRate / audio.SampleRate;
            bool same = audio.SampleRate == MarkLayout.SampleRate;
            // The input frames these 16 kHz samples are made from (all of them for the whole input).
            int reach = Resampler.InputReach(ratio16);
            var (from, to) = same ? (start16, end16)
                : (Math.Max(0, (int)Math.Floor(start16 / ratio16) - reach), Math.Min(audio.Frames, (int)Math.Ceiling(end16 / ratio16) + reach + 1));
            Parallel.For(0, channels, parallelism, c =>
            {
                var window = new float[to - from];
                for (int f = from, i = (from * channels) + c; f < to; f++, i += channels)
                {
                    window[f - from] = audio.Samples[i];
                }
                if (same)
                {
                    Channels16[c] = window;
                }
                else
                {
                    Channels16[c] = new float[length];
                    Resampler.Resample(window, from, audio.Frames, ratio16, start16, Channels16[c]);
                }
            });
            Mono16 = channels == 1 ? Channels16[0] : new float[length];
            if (channels > 1)
            {
                float scale = 1f / channels;
                foreach (var channel in Channels16)
                {
                    for (int i = 0; i < Mono16.Length; i++)
                    {
                        Mono16[i] += channel[i] * scale;
                    }
                }
            }
            // The segment's share of the input's frames for its SNR: from its start to the next segment's.
            int first = start16 == 0 ? 0 : (int)Math.Round(start16 / ratio16);
            int last = next16 is { } next ? (int)Math.Round(next / ratio16) : audio.Frames;
            Energy = EnergyWithoutOffset(audio.Samples.AsSpan(first * channels, (last - first) * channels), channels);
        }

        public int Start16 { get; }

        public ParallelOptions Parallelism { get; }

        /// <summary>The input's rate over the mark's: a mark's energy at 16 kHz times this is its energy at the input's rate.</summary>
        public double RateRatio { get; }

        public float[][] Channels16 { get; }

        public float[] Mono16 { get; }

        public double Energy { get; }

        /// <summary>Adds the previous segment's mark to the start of this segment's marked mono mix.</summary>
        public void AddCarry(float[] markedMono)
        {
            if (_carry is null)
            {
                return;
            }
            for (int i = 0; i < _carry.Length; i++)
            {
                markedMono[i] += _carry[i];
            }
        }

        /// <summary>The mono mix of this segment's mark over its last hop, which lies in the next segment.</summary>
        public float[] Tail(float[][] marks16)
        {
            int length = marks16[0].Length, start = Math.Max(0, length - MarkLayout.Hop);
            var tail = new float[length - start];
            foreach (var mark in marks16)
            {
                for (int i = start; i < length; i++)
                {
                    tail[i - start] += mark[i] / marks16.Length;
                }
            }
            return tail;
        }
    }

    /// <summary>
    /// The mark of every channel at 16 kHz for these frame gains, and the SNR the output will have. The mark lies in
    /// bands far under 8 kHz, which the resampler passes unchanged, so its energy at the input's rate is its energy
    /// at 16 kHz times the ratio of the rates: plans are judged without resampling their marks back.
    /// </summary>
    private (float[][] Marks16, double SnrDb) MarkChannels(Host host, float[] frameGains)
    {
        var marks = new float[host.Channels16.Length][];
        var energies = new double[marks.Length];
        Parallel.For(0, marks.Length, host.Parallelism, c =>
        {
            marks[c] = BandEnergies.Mark(host.Channels16[c], _layout.BandEdges, frameGains);
            double energy = 0;
            foreach (float x in marks[c])
            {
                energy += (double)x * x;
            }
            energies[c] = energy;
        });
        // Summed in channel order, so that the result does not depend on which thread finished first.
        double noise = 0;
        foreach (double energy in energies)
        {
            noise += energy;
        }
        noise *= host.RateRatio;
        return (marks, Snr(host.Energy, noise));
    }

    /// <summary>
    /// The energy of interleaved samples less each channel's mean (its DC offset) over them. An offset is inaudible,
    /// and counted as signal it bought the mark energy the SNR target is meant to deny: pydub's test file with an
    /// offset of a sixth of full scale (three fifths of its power) was marked 3 dB over the target against what one hears.
    /// </summary>
    internal static double EnergyWithoutOffset(ReadOnlySpan<float> samples, int channels)
    {
        int frames = samples.Length / channels;
        double energy = 0;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (int i = c; i < samples.Length; i += channels)
            {
                double x = samples[i];
                sum += x;
                squares += x * x;
            }
            energy += frames == 0 ? 0 : Math.Max(0, squares - (sum * sum / frames));
        }
        return energy;
    }

    private static double Snr(double signal, double noise) => noise <= 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);

    /// <summary>
    /// The share of each pair's shift its up cell takes first: it grows with the down cell's energy (SplitPower), so
    /// the quieter cell of a pair moves less. Fixed by the host, so computed once per embedding rather than at each of
    /// the strength search's splits.
    /// </summary>
    private double[] UpShares(double[] cells, int slotBase)
    {
        int bands = _layout.Bands, perSlot = _layout.PairsPerSlot;
        int slots = cells.Length / bands;
        double power = _tuning.SplitPower;
        var shares = new double[slots * perSlot];
        for (int s = 0; s < slots; s++)
        {
            for (int k = 0; k < perSlot; k++)
            {
                int p = PairOf(slotBase + s, k);
                int up = (s * bands) + _layout.Up[p], down = (s * bands) + _layout.Down[p];
                double eu = Math.Pow(cells[up] + 1e-30, power), ed = Math.Pow(cells[down] + 1e-30, power);
                shares[(s * perSlot) + k] = ed / (eu + ed);
            }
        }
        return shares;
    }

    /// <summary>
    /// Splits each pair's shift (times its <paramref name="scale"/>, if any) between its cells, adding to <paramref name="start"/>
    /// (the changes so far, or none): the up cell takes its <paramref name="upShare"/> (<see cref="UpShares"/>), each
    /// cell stays inside its mask bounds, and what one cell cannot take goes to the other.
    /// </summary>
    private double[] Split(double[] shift, double[]? scale, double[] upShare, float[] lower, float[] upper, double[]? start, int slotBase)
    {
        int bands = _layout.Bands, perSlot = _layout.PairsPerSlot;
        var change = start is null ? new double[lower.Length] : (double[])start.Clone();
        int slots = lower.Length / bands;
        for (int s = 0; s < slots; s++)
        {
            for (int k = 0; k < perSlot; k++)
            {
                int p = PairOf(slotBase + s, k);
                int up = (s * bands) + _layout.Up[p], down = (s * bands) + _layout.Down[p];
                int pair = (s * perSlot) + k;
                double delta = (scale is null ? 1 : scale[pair]) * shift[pair];
                double x = delta * upShare[pair];
                double nu = Math.Clamp(change[up] + x, lower[up], upper[up]);
                double rest = delta - (nu - change[up]);
                double nd = Math.Clamp(change[down] - rest, lower[down], upper[down]);
                rest -= change[down] - nd;
                nu = Math.Clamp(nu + rest, lower[up], upper[up]);
                change[up] = nu;
                change[down] = nd;
            }
        }
        return change;
    }

    /// <summary>Mark energy predicted from the cell changes (a gain g on a cell adds (g - 1)^2 of its energy; the
    /// factor turns one-sided spectral energy into time-domain energy) against the mono mix's energy.</summary>
    private static double PredictedSnr(double[] change, double[] cells, double hostEnergy)
    {
        double markEnergy = 0;
        for (int i = 0; i < change.Length; i++)
        {
            markEnergy += MarkEnergy(change[i], cells[i]);
        }
        markEnergy *= 2.0 / MarkLayout.FrameLength;
        return markEnergy <= 0 ? double.PositiveInfinity : 10 * Math.Log10(hostEnergy / markEnergy);
    }

    private static double MarkEnergy(double logChange, double cellEnergy)
    {
        double g = Math.Exp(logChange / 2) - 1;
        return g * g * cellEnergy;
    }

    private float[] FrameGains(double[] change, int slots)
    {
        int bands = _layout.Bands;
        var gains = new float[slots * MarkLayout.FramesPerSlot * bands];
        for (int s = 0; s < slots; s++)
        {
            for (int b = 0; b < bands; b++)
            {
                float g = (float)Math.Exp(change[(s * bands) + b] / 2);
                for (int f = 0; f < MarkLayout.FramesPerSlot; f++)
                {
                    gains[((((s * MarkLayout.FramesPerSlot) + f) * bands)) + b] = g;
                }
            }
        }
        return gains;
    }
}
