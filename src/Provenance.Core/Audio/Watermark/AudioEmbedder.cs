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

    /// <summary>Settles the mark of <paramref name="audio"/> for <paramref name="id"/>, to be rendered by the caller.</summary>
    public AudioMarkPlan Plan(PcmAudio audio, ulong id)
    {
        var host = new Host(audio);
        var plan = Plan(host, id, _tuning.Step);
        if (_tuning.FallbackStep > 0 && plan.Strength < _tuning.FallbackBelowStrength)
        {
            // The main step does not fit this signal's SNR budget (tonal music): the smaller step reads better.
            var fallback = Plan(host, id, _tuning.FallbackStep);
            if (fallback.Strength > plan.Strength)
            {
                return fallback;
            }
        }
        return plan;
    }

    private AudioMarkPlan Plan(Host host, ulong id, double step)
    {
        var mono16 = host.Mono16;
        int bands = _layout.Bands;
        var cells = CellFeatures.CellEnergies(BandEnergies.Compute(mono16, 0, _layout.BandEdges), bands, phase: 0);
        int slots = cells.Length / bands;
        var log0 = CellFeatures.LogEnergies(cells);
        var (lower, upper) = PsychoacousticMask.Bounds(cells, bands, _tuning.MaskSpreadDbPerBand, _tuning.MaskOffsetDb,
            _tuning.SilenceRelative);
        var coded = new byte[PayloadCodec.CodedBits];
        _layout.Codec.Encode(id, coded);

        // The full shift of every pair of the signal (slot s, pair k of block slot s mod BlockSlots): a group's shift
        // puts its feature on its bit's lattice and is shared equally by its pairs.
        int perSlot = _layout.PairsPerSlot, groupsPerSlot = _layout.GroupsPerSlot, perGroup = _layout.PairsPerGroup;
        var shift = new double[slots * perSlot];
        for (int s = 0; s < slots; s++)
        {
            var row = log0.AsSpan(s * bands, bands);
            for (int m = 0; m < groupsPerSlot; m++)
            {
                int g = ((s % MarkLayout.BlockSlots) * groupsPerSlot) + m;
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
        var upShare = UpShares(cells);
        double hostEnergy = 0;
        foreach (float x in mono16)
        {
            hostEnergy += (double)x * x;
        }

        // The plan predicts the SNR from the cell changes on the mono mix; the overlap of STFT frames, the correction
        // passes and the channels' own spectra move the output's SNR away from it, by up to 2 dB either way on stereo
        // music with the larger step. So the output's SNR is measured (from the channels' marks, MarkChannels) and the
        // planning target moved (secant between the closest plans under and over the target) until the output lands
        // just above the target: a plan far over it wastes mark strength, one under it breaks the SNR promise. The best
        // plan that meets the target is kept.
        double target = _options.TargetSnrDb;
        double planningTarget = target;
        float[][] marks = [];
        double snr = 0, strength = 1;
        (float[][] Marks, double Snr, double Strength)? best = null;
        double underPlan = double.NaN, underSnr = double.NaN, overPlan = double.NaN, overSnr = double.NaN;
        for (int attempt = 0; attempt < MaxPlans; attempt++)
        {
            (var change, strength) = Solve(planningTarget);
            (marks, snr) = MarkChannels(host, FrameGains(change, slots));
            if (snr >= target)
            {
                if (best is null || snr < best.Value.Snr)
                {
                    best = (marks, snr, strength);
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
            double aim = target + (SnrSlackDb / 2);
            planningTarget = !double.IsNaN(underPlan) && !double.IsNaN(overPlan) && overSnr > underSnr
                ? underPlan + ((overPlan - underPlan) * (aim - underSnr) / (overSnr - underSnr))
                : planningTarget + (aim - snr);
        }
        if (best is { } kept)
        {
            (marks, strength) = (kept.Marks, kept.Strength);
        }
        return new AudioMarkPlan(host.Audio, host.Energy, marks, strength);

        (double[] Change, double Strength) Solve(double planningTarget)
        {
            // Strength, per pair: a pair whose full shift costs more mark energy than lambda gets a scaled shift that
            // costs lambda (distortion-compensated dither modulation, the reading then carries part of the host as
            // noise); lambda is the largest that meets the SNR target. Pairs of two loud cells, which would take most of
            // the budget for one bit's worth, are the ones scaled down.
            var full = Split(shift, null, upShare, lower, upper, null);
            var cost = new double[shift.Length];
            for (int s = 0; s < slots; s++)
            {
                for (int k = 0; k < perSlot; k++)
                {
                    int p = ((s % MarkLayout.BlockSlots) * perSlot) + k;
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
                change = Split(shift, Scales(lo), upShare, lower, upper, null);
                for (int step = 0; step < 30; step++)
                {
                    double mid = Math.Sqrt(lo * hi);
                    var c = Split(shift, Scales(mid), upShare, lower, upper, null);
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
                var log = CellFeatures.LogEnergies(CellFeatures.CellEnergies(BandEnergies.Compute(mark, 0, _layout.BandEdges), bands, phase: 0));
                var residual = new double[shift.Length];
                for (int s = 0; s < slots; s++)
                {
                    for (int k = 0; k < perSlot; k++)
                    {
                        int p = ((s % MarkLayout.BlockSlots) * perSlot) + k;
                        int up = (s * bands) + _layout.Up[p], down = (s * bands) + _layout.Down[p];
                        double wanted = log0[up] - log0[down] + planned[(s * perSlot) + k];
                        residual[(s * perSlot) + k] = wanted - (log[up] - log[down]);
                    }
                }
                change = Split(residual, null, upShare, lower, upper, change);
            }
            return (change, strength);
        }
    }

    /// <summary>
    /// Each channel at the mark's 16 kHz and their mono mix, resampled once per embedding and shared by every plan and
    /// both steps, with the input's energy at its own rate. The mix is averaged at 16 kHz from the resampled channels
    /// (resampling is linear, so that is the resampled mix, for one resampling fewer).
    /// </summary>
    private sealed class Host
    {
        public Host(PcmAudio audio)
        {
            Audio = audio;
            Channels16 = new float[audio.Channels][];
            Parallel.For(0, audio.Channels, c =>
                Channels16[c] = Resampler.Resample(audio.Channels == 1 ? audio.Samples : audio.Channel(c), audio.SampleRate, MarkLayout.SampleRate));
            Mono16 = audio.Channels == 1 ? Channels16[0] : new float[Channels16[0].Length];
            if (audio.Channels > 1)
            {
                float scale = 1f / audio.Channels;
                foreach (var channel in Channels16)
                {
                    for (int i = 0; i < Mono16.Length; i++)
                    {
                        Mono16[i] += channel[i] * scale;
                    }
                }
            }
            foreach (float x in audio.Samples)
            {
                Energy += (double)x * x;
            }
        }

        public PcmAudio Audio { get; }

        public float[][] Channels16 { get; }

        public float[] Mono16 { get; }

        public double Energy { get; }
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
        Parallel.For(0, marks.Length, c =>
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
        noise *= (double)host.Audio.SampleRate / MarkLayout.SampleRate;
        return (marks, Snr(host.Energy, noise));
    }

    private static double Snr(double signal, double noise) => noise <= 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);

    /// <summary>
    /// The share of each pair's shift its up cell takes first: it grows with the down cell's energy (SplitPower), so
    /// the quieter cell of a pair moves less. Fixed by the host, so computed once per embedding rather than at each of
    /// the strength search's splits.
    /// </summary>
    private double[] UpShares(double[] cells)
    {
        int bands = _layout.Bands, perSlot = _layout.PairsPerSlot;
        int slots = cells.Length / bands;
        double power = _tuning.SplitPower;
        var shares = new double[slots * perSlot];
        for (int s = 0; s < slots; s++)
        {
            for (int k = 0; k < perSlot; k++)
            {
                int p = ((s % MarkLayout.BlockSlots) * perSlot) + k;
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
    private double[] Split(double[] shift, double[]? scale, double[] upShare, float[] lower, float[] upper, double[]? start)
    {
        int bands = _layout.Bands, perSlot = _layout.PairsPerSlot;
        var change = start is null ? new double[lower.Length] : (double[])start.Clone();
        int slots = lower.Length / bands;
        for (int s = 0; s < slots; s++)
        {
            for (int k = 0; k < perSlot; k++)
            {
                int p = ((s % MarkLayout.BlockSlots) * perSlot) + k;
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
