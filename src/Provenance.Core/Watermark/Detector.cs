using System.Buffers;
using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Coding;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Blind detection. Luma is box-averaged to a working plane (shorter side 512..1023), whitened (minus a local mean,
/// over a local RMS), then geometric hypotheses are tried in order until one decodes:
/// 1. the waxel size embedding would have used for an image of this size, then the ladder rungs around it, at no
///    rotation (re-encoding, filtering, tone changes, uniform resizes of large images, crops); on small images also
///    the rungs around half the waxel of an image twice the size (a small image halved);
/// 2. the best angle at each of those rungs from the sync template's spectrum (rotations that crop);
/// 3. the best maxima of a two-dimensional size and angle search of that spectrum (anything else), tried in order of
///    the sync template's energy in their first fold.
/// Search hypotheses (stages 2 and 3) are polished by line searches (on the fold's template energy, then the pilot's
/// peak), a few per stage.
/// On images of 1024 px and more, after the first nominal rung (where a mark that only lost its metadata is found),
/// a cheap presence test (<see cref="PresenceTest"/>) looks for the sync template's energy; when it finds too little
/// the image is reported as carrying no mark without the rest of the search. The gate only removes work: whatever
/// it lets through is searched and decoded exactly as without it, so it cannot add a false accept.
/// A hypothesis is decoded only when its pilot z-score (or, when that is short, the z-score of the pilot and the
/// sync template located together) clears the threshold; at most <see cref="MaxDecodes"/> decodes are made per
/// image, and when the most likely codeword fails the check the first <see cref="MaxListDecodes"/> of them go on to
/// a list decoder: the false-accept bound counts every codeword checked (<see cref="MaxCodewordsChecked"/>).
/// </summary>
internal sealed class Detector
{
    /// <summary>Upper bound on payload decoding attempts per image (enters the false-accept bound).</summary>
    public const int MaxDecodes = 32;

    /// <summary>
    /// Upper bound on the decoding attempts per image that go on to the list decoder, and on its list: such an
    /// attempt checks up to <see cref="MaxListSize"/> more codewords, so an image has at most
    /// MaxDecodes + MaxListDecodes x MaxListSize = 128 chances for a wrong word to pass the 48-bit check
    /// (docs/watermark.md, "False-accept rate").
    /// </summary>
    public const int MaxListDecodes = 6;

    /// <inheritdoc cref="MaxListDecodes"/>
    public const int MaxListSize = 16;

    /// <summary>The bound on codewords checked per image that the false-accept bound counts.</summary>
    public const int MaxCodewordsChecked = MaxDecodes + MaxListDecodes * MaxListSize;

    private static readonly int[] NominalSteps = [0, 1, -1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>
    /// Rungs around the waxel of an image of twice this size, halved: the shift and crops of a few per cent before
    /// the halving move it a rung or two, like the nominal rungs.
    /// </summary>
    private static readonly int[] HalfSteps = [0, 1, -1, 2];

    private readonly TileLayout _layout;
    private readonly WatermarkTuning _tuning;
    private readonly PilotCorrelator _pilot;
    private readonly PilotCorrelator _combined;

    public Detector(TileLayout layout, WatermarkTuning tuning)
    {
        _layout = layout;
        _tuning = tuning;
        _pilot = new PilotCorrelator(layout, tuning.ChipHighPass);
        _combined = PilotCorrelator.WithTemplate(layout, tuning.ChipHighPass, tuning.SyncEnergy);
    }

    public WatermarkDetection Detect(ILumaImage image) => Detect(image, null);

    /// <summary>
    /// As <see cref="Detect(ILumaImage)"/>; when <paramref name="softOut"/> is given it receives the soft coded bits
    /// of the best decoded hypothesis (all zero if none was decoded), for the harness's raw error counts; when
    /// <paramref name="trace"/> is given it receives the presence test's score and decision and where the mark was
    /// found (and may ask for the search to run past a closed gate).
    /// </summary>
    public WatermarkDetection Detect(ILumaImage image, float[]? softOut, DetectionTrace? trace = null)
    {
        softOut?.AsSpan().Clear();
        int factor = TileGeometry.DetectionFactor(image.Width, image.Height);
        using var luma = PlaneFilters.Luma(image, factor);
        if (Math.Min(luma.Width, luma.Height) < 64)
        {
            return WatermarkDetection.None(0);
        }
        using var residual = Whiten(luma);
        var work = new PilotWorkspace();
        var state = new SearchState(image.Width, image.Height, factor) { Soft = softOut, Trace = trace, PolishLimit = _tuning.MaxPolishes };
        double nominal = TileGeometry.WaxelSize(image.Width, image.Height, _tuning);
        var gate = new Gate(this, residual, nominal / factor, factor, trace);
        if (trace is not null)
        {
            trace.Factor = factor;
            if (trace.AlwaysScore)
            {
                gate.Measure();
            }
        }

        // 1. The size an embedding would have used for this image, then the rungs around it: a crop of a few
        // per cent moves the expected size by a rung or two (mostly up: the pattern keeps its size while the
        // image shrinks). Pilot only; a rung is decoded when its pilot clears the threshold.
        for (int index = 0; index < NominalSteps.Length; index++)
        {
            int step = NominalSteps[index];
            if (index == _tuning.PresenceGateRungs && gate.Closes())
            {
                return WatermarkDetection.None(state.BestScore);
            }
            double waxel = TileGeometry.Step(nominal, step);
            if (waxel < _tuning.MinWaxel * 0.99 && step < 0)
            {
                continue;
            }
            var found = TryHypothesis(residual, waxel / factor, 0, PolishMode.None, work, state);
            if (found is not null)
            {
                return gate.Found(found, 1, index);
            }
            if (state.Decodes >= MaxDecodes)
            {
                return WatermarkDetection.None(state.BestScore);
            }
        }
        // 1b. A small image halved (a preview of an upload, a generator's 512 px output shown at 256): its mark was
        // drawn with the waxel of an image twice this size, which the floor on the waxel (MinWaxel) makes larger
        // than half of this image's own, so the rungs above never reach it. Only for images the floor clamps.
        double half = TileGeometry.WaxelSize(2 * image.Width, 2 * image.Height, _tuning) / 2;
        if (half < nominal * 0.97)
        {
            if (gate.Closes())
            {
                return WatermarkDetection.None(state.BestScore);
            }
            for (int index = 0; index < HalfSteps.Length; index++)
            {
                var found = TryHypothesis(residual, TileGeometry.Step(half, HalfSteps[index]) / factor, 0, PolishMode.None, work, state);
                if (found is not null)
                {
                    return gate.Found(found, 1, NominalSteps.Length + index);
                }
            }
        }
        // The full search: everything below runs only when the presence test finds the template's energy.
        if (gate.Closes())
        {
            return WatermarkDetection.None(state.BestScore);
        }
        using var sync = SpectralSync.Analyze(residual, nominal / factor);
        if (sync is null)
        {
            return WatermarkDetection.None(state.BestScore);
        }
        // 2. Rotations that crop keep the pixel scale: the best angle at each rung, angle polished only.
        var rungs = NominalSteps.Select(step => TileGeometry.Step(nominal, step) / factor).ToList();
        foreach (var candidate in sync.AnglesAt(rungs, _tuning.RungAngleCandidates))
        {
            var found = TryHypothesis(residual, candidate.Waxel, candidate.Theta, PolishMode.AngleOnly, work, state);
            if (found is not null || state.Decodes >= MaxDecodes)
            {
                return found is null ? WatermarkDetection.None(state.BestScore) : gate.Found(found, 2, -1);
            }
        }
        // 3. Anything else (resizes of small images, rotation with rescaling): the two-dimensional search.
        // The rung angles' polishes do not take from the search's: a rotated crop of a busy image could use up every
        // polish on angles of the host's texture before a rescale's hypothesis got one.
        state.Polishes = 0;
        state.PolishLimit = _tuning.MaxSearchPolishes;
        var hypotheses = SearchOrder(sync.Search(_tuning.SearchCandidates), residual);
        try
        {
            foreach (var (candidate, firstFold) in hypotheses)
            {
                var found = TryHypothesis(residual, candidate.Waxel, candidate.Theta, PolishMode.Full, work, state, firstFold);
                if (found is not null || state.Decodes >= MaxDecodes)
                {
                    return found is null ? WatermarkDetection.None(state.BestScore) : gate.Found(found, 3, -1);
                }
            }
            return WatermarkDetection.None(state.BestScore);
        }
        finally
        {
            foreach (var (_, firstFold) in hypotheses)
            {
                if (firstFold is not null)
                {
                    ArrayPool<float>.Shared.Return(firstFold);
                }
            }
        }
    }

    /// <summary>
    /// The presence gate of one detection: the score is computed once, when the search first reaches the gate (or
    /// at the start, for calibration); a trace that asks for it keeps the gate open but records what it decided.
    /// </summary>
    private sealed class Gate(Detector detector, FloatPlane residual, double expectedWaxel, int factor, DetectionTrace? trace)
    {
        private double _score = double.NaN;
        private bool _passed;
        private bool _judged;

        private double _activity = double.NaN;

        public void Measure()
        {
            if (!double.IsNaN(_score))
            {
                return;
            }
            _activity = PresenceTest.Activity(residual);
            if (trace is not null)
            {
                (_score, trace.PresenceUnclipped) = PresenceTest.Measure(residual, expectedWaxel);
                trace.PresenceScore = _score;
                trace.Activity = _activity;
            }
            else
            {
                _score = PresenceTest.Score(residual, expectedWaxel);
            }
        }

        /// <summary>True when the search must stop here (the image is reported as carrying no mark).</summary>
        public bool Closes()
        {
            if (_passed)
            {
                return false;
            }
            _passed = true;
            double threshold = detector._tuning.PresenceThreshold;
            if (threshold <= 0 || factor < detector._tuning.PresenceMinFactor)
            {
                return false;
            }
            Measure();
            if (_activity < detector._tuning.PresenceMinActivity || _activity > detector._tuning.PresenceMaxActivity)
            {
                // Outside the activity band the calibration judged: the search runs as without the gate.
                return false;
            }
            _judged = true;
            bool closed = _score < threshold;
            if (trace is not null)
            {
                trace.GateJudged = true;
                trace.GateClosed = closed;
                return closed && !trace.Ungated;
            }
            return closed;
        }

        public WatermarkDetection Found(WatermarkDetection found, int stage, int rung)
        {
            if (trace is not null)
            {
                trace.FoundStage = stage;
                trace.FoundRung = rung;
                trace.FoundBehindGate = _passed && _judged;
            }
            return found;
        }
    }

    /// <summary>
    /// The presence test's clipped score of <paramref name="image"/> as the gate would compute it (on the detector's
    /// whitened plane), the plane's <see cref="PresenceTest.Activity"/> and its averaging factor; NaN for an image too small to detect on. Calibration only:
    /// the harness scores clean frames with it without running the search.
    /// </summary>
    public (double Score, double Activity, int Factor) MeasurePresence(ILumaImage image)
    {
        int factor = TileGeometry.DetectionFactor(image.Width, image.Height);
        using var luma = PlaneFilters.Luma(image, factor);
        if (Math.Min(luma.Width, luma.Height) < 64)
        {
            return (double.NaN, double.NaN, factor);
        }
        using var residual = Whiten(luma);
        return (PresenceTest.Score(residual, TileGeometry.WaxelSize(image.Width, image.Height, _tuning) / factor),
            PresenceTest.Activity(residual), factor);
    }

    /// <summary>
    /// The two-dimensional search's hypotheses in the order they are tried, and so polished: with
    /// <see cref="WatermarkTuning.RankSearchByTemplate"/>, by the sync template's energy in each one's first fold, highest
    /// first (a fold each, where a polish costs about 28), each with that fold (a pooled array the caller returns) so
    /// that trying it does not fold it again; otherwise as the spectrum ranks them, without folds.
    /// </summary>
    private List<(SyncCandidate Candidate, float[]? FirstFold)> SearchOrder(IEnumerable<SyncCandidate> candidates, FloatPlane residual)
    {
        if (!_tuning.RankSearchByTemplate)
        {
            return candidates.Select(candidate => (candidate, (float[]?)null)).ToList();
        }
        var counts = ArrayPool<int>.Shared.Rent(TileFolder.Size * TileFolder.Size);
        try
        {
            return candidates.Select(candidate =>
            {
                var fold = ArrayPool<float>.Shared.Rent(TileFolder.Size * TileFolder.Size);
                var span = fold.AsSpan(0, TileFolder.Size * TileFolder.Size);
                TileFolder.Fold(residual, candidate.Waxel, candidate.Theta, span, counts.AsSpan(0, span.Length));
                return (Candidate: candidate, Fold: fold, Energy: TemplateEnergy.Measure(span));
            }).ToList().OrderByDescending(c => c.Energy).Select(c => (c.Candidate, (float[]?)c.Fold)).ToList();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private FloatPlane Whiten(FloatPlane luma) => Whitening.Residual(luma, _tuning.ResidualRadius, _tuning.NormalizeRadius);

    /// <param name="firstFold">The hypothesis's fold when the caller has made it already (<see cref="SearchOrder"/>); null folds it here.</param>
    private WatermarkDetection? TryHypothesis(FloatPlane residual, double waxel, double theta, PolishMode polish,
        PilotWorkspace work, SearchState state, float[]? firstFold = null)
    {
        if (state.Decodes >= MaxDecodes)
        {
            return null;
        }
        if (firstFold is null)
        {
            TileFolder.Fold(residual, waxel, theta, work.Fold, work.Counts);
        }
        else
        {
            firstFold.AsSpan(0, work.Fold.Length).CopyTo(work.Fold);
        }
        var match = _pilot.Locate(work.Fold, work);
        double startWaxel = waxel, startTheta = theta, startScore = match.Score;
        if (polish != PolishMode.None && match.Score >= _tuning.PolishThreshold && state.Polishes < state.PolishLimit)
        {
            state.Polishes++;
            (waxel, theta) = Polish(residual, waxel, theta, match, polish == PolishMode.AngleOnly, work);
            TileFolder.Fold(residual, waxel, theta, work.Fold, work.Counts);
            match = _pilot.Locate(work.Fold, work);
        }
        if (_tuning.CombinedLocate && match.Score < _tuning.PilotThreshold)
        {
            // The pilot alone is not sure of the translation: the pilot and the template together may be (a small
            // image halved keeps the template's low frequencies better than the pilot's high-passed chips).
            var combined = _combined.Locate(work.Fold, work);
            if (combined.Score >= _tuning.PilotThreshold)
            {
                match = combined;
            }
        }
        bool decode = match.Score >= _tuning.PilotThreshold;
        bool record = state.Soft is not null && match.Score > state.BestScore;
        state.BestScore = Math.Max(state.BestScore, match.Score);
        bool log = state.Trace?.TrueCoded is not null;
        if (!decode && !record && !log)
        {
            return null;
        }

        Span<float> chips = stackalloc float[TileLayout.Chips];
        Span<float> raw = stackalloc float[TileLayout.Chips];
        ChipReader.Read(residual, waxel, theta, match, raw);
        ChipFilter.Apply(raw, chips, _tuning.ChipHighPass);
        _layout.RemoveSync(chips, _tuning.ChipHighPass);
        Span<float> soft = stackalloc float[PayloadCodec.CodedBits];
        _layout.Despread(chips, soft);
        if (record)
        {
            // Harness diagnostics only: the soft bits of the best hypothesis so far, decoded or not.
            soft.CopyTo(state.Soft);
        }
        if (log)
        {
            var truth = state.Trace!.TrueCoded!;
            int wrong = 0;
            for (int i = 0; i < truth.Length; i++)
            {
                wrong += (soft[i] < 0) != (truth[i] == 1) || soft[i] == 0 ? 1 : 0;
            }
            state.Trace.Hypotheses.Add(FormattableString.Invariant(
                $"{polish} w {startWaxel * state.Factor:F4} t {startTheta * 180 / Math.PI:F2} z {startScore:F2} -> w {waxel * state.Factor:F4} t {theta * 180 / Math.PI:F3} z {match.Score:F2} template {TemplateEnergy.Measure(work.Fold):F1} raw {wrong}"));
        }
        if (!decode)
        {
            return null;
        }
        state.Decodes++;
        ulong? id = _layout.Codec.Decode(soft, out int errors);
        if (id is null && state.ListDecodes < MaxListDecodes && _tuning.ListSize > 1)
        {
            // The first hypotheses whose most likely codeword fails the check get the list decoder: on a weak mark
            // at the right geometry that word often misses by a few decisions that a runner-up gets right. (Only
            // after a failure, so a mark found at once costs one Viterbi pass, as before.)
            state.ListDecodes++;
            id = _layout.Codec.DecodeList(soft, Math.Min(_tuning.ListSize, MaxListSize), out errors, out _);
        }
        if (id is null)
        {
            return null;
        }

        Span<float> expected = stackalloc float[TileLayout.Chips];
        _layout.Render(id.Value, expected);
        double dot = 0, a2 = 0, b2 = 0;
        for (int i = 0; i < chips.Length; i++)
        {
            dot += chips[i] * expected[i];
            a2 += chips[i] * chips[i];
            b2 += expected[i] * expected[i];
        }
        double confidence = Math.Clamp(dot / Math.Sqrt(Math.Max(a2 * b2, 1e-30)), 0, 1);
        double scale = waxel * state.Factor / TileGeometry.WaxelSize(state.Width, state.Height, _tuning);
        // The fold's angle is measured in image coordinates (y down), so a picture turned counter-clockwise on screen
        // shows up as a negative fold angle; the quarter turns come out of the pilot search with the screen's sign.
        double degrees = match.Orientation * 90 - theta * 180 / Math.PI;
        degrees = degrees > 180 ? degrees - 360 : degrees <= -180 ? degrees + 360 : degrees;
        return new WatermarkDetection(true, id, confidence, match.Score, errors, scale, degrees);
    }

    /// <summary>
    /// Line searches on waxel size, then angle, that maximise the pilot, on three scales of step: the spectral
    /// search gets the lattice to a few tenths of a per cent and a few tenths of a degree, but folding many tiles
    /// coherently needs it closer. The first, widest stage compares full pilot searches (z-scores over every shift
    /// and orientation) when only the angle is searched, and maximises the fold's sync template energy
    /// (<see cref="TemplateEnergy"/>) when the size is too: the template, three times the pilot's energy and blind
    /// to the shift, is the steadier guide to the size on a weak mark (comparing pilot searches there, as before
    /// issue 16, let a noise peak of the pilot pull a hypothesis away from the right size). The finer stages follow
    /// the pilot's peak found.
    /// </summary>
    private (double Waxel, double Theta) Polish(FloatPlane residual, double waxel, double theta, PilotMatch match,
        bool angleOnly, PilotWorkspace work)
    {
        ReadOnlySpan<(double Scale, double Angle)> stages = [(0.004, 0.004), (0.0013, 0.0013), (0.0005, 0.0005)];
        double score = match.Score;
        double peak = match.Peak;
        // Only when the size is searched too: a rung-angle hypothesis has the right size already, and there the
        // pilot's comparison found every rotation of the last full run while the template's lost starry_night
        // turned 5 degrees (variant 2: it stopped 0.25 degrees off, 61 raw errors).
        bool template = _tuning.PolishOnTemplate && !angleOnly;
        // The wide stages run on the residual halved in each direction (a quarter of the folding work) when the
        // waxels are big enough to survive it; the last stage runs at full resolution.
        using var half = waxel >= 3 ? PlaneFilters.Downsample(residual, 2) : null;
        for (int stage = 0; stage < stages.Length; stage++)
        {
            var (scaleStep, angleStep) = stages[stage];
            var plane = half is not null && stage < stages.Length - 1 ? half : residual;
            double planeScale = ReferenceEquals(plane, half) ? 0.5 : 1;
            if (stage == stages.Length - 1 && half is not null)
            {
                // Back to full resolution: re-anchor the followed peak there.
                TileFolder.Fold(residual, waxel, theta, work.Fold, work.Counts);
                match = _pilot.Locate(work.Fold, work);
                peak = match.Peak;
            }
            if (stage == 0 && template)
            {
                TileFolder.Fold(plane, waxel * planeScale, theta, work.Fold, work.Counts);
                score = TemplateEnergy.Measure(work.Fold);
            }
            for (int axis = angleOnly ? 1 : 0; axis < 2; axis++)
            {
                double bestWaxel = waxel;
                double bestTheta = theta;
                for (int i = -2; i <= 2; i++)
                {
                    if (i == 0)
                    {
                        continue;
                    }
                    double w = axis == 0 ? waxel * (1 + i * scaleStep) : waxel;
                    double t = axis == 1 ? theta + i * angleStep : theta;
                    TileFolder.Fold(plane, w * planeScale, t, work.Fold, work.Counts);
                    if (stage == 0 && template)
                    {
                        double e = TemplateEnergy.Measure(work.Fold);
                        if (e > score)
                        {
                            (bestWaxel, bestTheta, score) = (w, t, e);
                        }
                    }
                    else if (stage == 0)
                    {
                        var m = _pilot.Locate(work.Fold, work);
                        if (m.Score > score)
                        {
                            (bestWaxel, bestTheta, score, match) = (w, t, m.Score, m);
                        }
                    }
                    else
                    {
                        double p = _pilot.PeakAt(work.Fold, match.Orientation, match.ShiftX, match.ShiftY, work);
                        if (p > peak)
                        {
                            (bestWaxel, bestTheta, peak) = (w, t, p);
                        }
                    }
                }
                (waxel, theta) = (bestWaxel, bestTheta);
            }
            if (stage == 0)
            {
                // Re-anchor the peak that the finer stages follow.
                TileFolder.Fold(plane, waxel * planeScale, theta, work.Fold, work.Counts);
                match = _pilot.Locate(work.Fold, work);
                peak = match.Peak;
            }
        }
        return (waxel, theta);
    }

    private enum PolishMode
    {
        None,
        AngleOnly,
        Full,
    }

    private sealed class SearchState(int width, int height, int factor)
    {
        public int Width { get; } = width;
        public int Height { get; } = height;
        public int Factor { get; } = factor;
        public int Decodes { get; set; }
        public int ListDecodes { get; set; }
        public int Polishes { get; set; }
        // How many polishes the current stage may spend (WatermarkTuning.MaxPolishes, then MaxSearchPolishes).
        public int PolishLimit { get; set; }
        public double BestScore { get; set; }
        public float[]? Soft { get; init; }
        public DetectionTrace? Trace { get; init; }
    }
}
