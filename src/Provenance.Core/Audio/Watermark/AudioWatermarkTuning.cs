namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Design constants of the audio mark that the harness may override for experiments (`bench audio-watermark
/// --tuning`). The defaults are the tuned design (docs/audio-watermark.md). Step must be the same for embedding and
/// detection.
/// </summary>
internal sealed record AudioWatermarkTuning
{
    public static AudioWatermarkTuning Default { get; } = new();

    /// <summary>Quantiser step of a group's feature, the sum of its pairs' log-energy differences (nepers of energy).
    /// 2.0 rather than the first design's 0.8: the error low-bit-rate codecs and noise leave on a feature is 0.2-0.4
    /// nepers, far past a quarter of 0.8, and the SNR budget still pays for most shifts at 2.0 because the mask
    /// puts them in quiet cells (docs/audio-watermark.md, known-geometry table).</summary>
    public double Step { get; init; } = 2.0;

    /// <summary>
    /// Second, smaller step for signals on which the main step does not fit the SNR budget (0: none). Tonal music
    /// (sustained chords: most energy in a few loud cells, few cheap quiet ones) gets only 0.4-0.6 of its shifts at
    /// step 2.0 and loses its readings even unattacked, while at 1.0 it keeps 0.8-0.9. The embedder falls back to this
    /// step when the mean strength at the main step is under <see cref="FallbackBelowStrength"/>; the detector
    /// tries both steps on every alignment (the decodes per call stay capped, so the false-accept bound holds).
    /// </summary>
    public double FallbackStep { get; init; } = 1.0;

    public double FallbackBelowStrength { get; init; } = 0.7;

    /// <summary>Distortion compensation (Chen and Wornell): the embedder moves a feature this fraction of the way
    /// to its lattice point. Under 1, with a step larger by its inverse, the mark costs the same energy and an
    /// attack's error is a smaller fraction of the step, at the price of a residual of the host the reading carries.</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>Pairs whose differences are summed into one feature (<see cref="MarkLayout"/>): 1 or 2.</summary>
    public int PairsPerGroup { get; init; } = 1;

    /// <summary>Pair neighbouring bands (1, the default) instead of a keyed permutation of the slot's bands (0). The
    /// host's difference between neighbours is small, so what noise and codecs do to it (they compress log-energy
    /// differences and shuffle energy between nearby frequencies together) moves it less: at the known geometry the
    /// feature error after noise at 20 dB fell from 0.36-0.42 to 0.28-0.34 nepers.</summary>
    public bool CombPairing { get; init; } = true;

    /// <summary>Under comb pairing, bands paired are this far apart (1: neighbours; 2: one band between them).</summary>
    public int CombGap { get; init; } = 1;

    /// <summary>How a pair's change is split between its two cells: 0 equally in log energy, 1 in proportion to
    /// the other cell's energy (cheapest in mark energy, but all in the quiet cell, which codecs and noise disturb
    /// most).</summary>
    public double SplitPower { get; init; } = 0.5;

    /// <summary>Masking model: spread of a band's masking per band, and how far under the threshold the mark stays.</summary>
    public double MaskSpreadDbPerBand { get; init; } = 8;

    public double MaskOffsetDb { get; init; } = 6;

    /// <summary>Embedding passes (each re-analyses the marked signal and corrects what the STFT overlap left).</summary>
    public int Passes { get; init; } = 3;

    /// <summary>Cells quieter than this fraction of the mean cell carry no mark and are skipped by the detector
    /// (<see cref="CellFeatures.SilenceRelative"/>).</summary>
    public double SilenceRelative { get; init; } = CellFeatures.SilenceRelative;

    /// <summary>Pilot z-score a hypothesis needs before it is decoded.</summary>
    public double PilotThreshold { get; init; } = 5.0;

    /// <summary>Codewords the list decoder checks after a failed decode (<see cref="AudioDetector.MaxListDecodes"/> such
    /// decodes per call, at most <see cref="AudioDetector.MaxListSize"/> each; 1: no list decoder).</summary>
    public int ListSize { get; init; } = AudioDetector.MaxListSize;

    /// <summary>Hypotheses decoded per speed candidate (the false-accept bound counts all decodes of a call).</summary>
    public int DecodesPerStretch { get; init; } = 2;

    /// <summary>Step of the speed search (relative) and its half-range in steps.</summary>
    public double SpeedStep { get; init; } = 0.0035;

    public int SpeedSteps { get; init; } = 6;

    /// <summary>Sub-hop analysis offsets tried (in samples at 16 kHz).</summary>
    public int SubHopOffsets { get; init; } = 4;

    /// <summary>
    /// Speed candidates (other than no change) searched exactly, the best by a coarse search on the first segment's
    /// spectrogram (AudioDetector, FineSpectrogram); 0 searches every candidate exactly.
    /// </summary>
    public int RefinedSpeeds { get; init; } = 2;

    /// <summary>
    /// Sub-hop offsets the coarse ranking of speed candidates tries, evenly spaced among the
    /// <see cref="SubHopOffsets"/>: a candidate's frames are read from the nearest fine frame anyway, so the ranking
    /// needs fewer alignments than the exact search.
    /// </summary>
    public int CoarseSubHopOffsets { get; init; } = 2;

    /// <summary>How the detector reads a window's cells (<see cref="NoiseFloor"/>): 0 as they are; 1 only with each
    /// band's noise floor subtracted; 2 (the default) both, every alignment scored both ways by the pilot. Both
    /// because the subtraction that restores speech under white noise at 20 dB (10 s windows at the known geometry:
    /// 69 -> 124 of 128 decoded) costs music without noise most of its quiet cells (elf-land unattacked: 43 -> 8 of
    /// 43 5 s windows when used alone); the pilot picks the subtracted reading only where it reads better.</summary>
    public int NoiseReading { get; init; } = 2;

    /// <summary>Percentile of a band's cell energies over the window taken as its noise floor.</summary>
    public double NoisePercentile { get; init; } = 0.1;

    /// <summary>Factor on that percentile: the lower tail of a noise band's energies lies under its mean.</summary>
    public double NoiseScale { get; init; } = 1.5;

    /// <summary>A cell must clear the subtracted floor by this fraction of it to be read (else it counts as silent).</summary>
    public double NoiseMargin { get; init; } = 0.25;

    /// <summary>Weighting of the coded bits' readings by the pilot's mean reading at their position in the slot
    /// (AudioDetector.PositionWeights): the shrinkage, in pilot readings, towards the mean over all positions; 0: off.
    /// At the known geometry 10 decoded more 5 s windows than 3 or 30 (docs/audio-watermark.md).</summary>
    public double PilotWeighting { get; init; } = 10;

    /// <summary>
    /// A further step the detector reads the main step's marks at (0: none; the embedder never uses it). Noise and
    /// Opus compress the features (least-squares slope 0.85-0.94 at the known geometry), and a feature the embedder put
    /// on step * (n + dither + bit / 2), compressed by a factor c, lies on the lattice of step c * Step with the same
    /// dither: reading at 1.8 undoes a compression by 0.9. Measured (docs/audio-watermark.md) but off: it costs another
    /// pass over every alignment, and its gains were not yet shown over every attack.
    /// </summary>
    public double CompressedStep { get; init; }

    /// <summary>The steps the detector tries, main step first.</summary>
    public double[] Steps => new[] { Step, CompressedStep, FallbackStep }.Where(s => s > 0).Distinct().ToArray();

    internal static AudioWatermarkTuning Parse(string? spec)
    {
        var t = Default;
        if (string.IsNullOrWhiteSpace(spec))
        {
            return t;
        }
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
            {
                throw new ArgumentException($"Tuning entry '{part}' is not name=value.");
            }
            double v = double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture);
            t = kv[0] switch
            {
                nameof(Step) => t with { Step = v },
                nameof(FallbackStep) => t with { FallbackStep = v },
                nameof(FallbackBelowStrength) => t with { FallbackBelowStrength = v },
                nameof(Alpha) when v is > 0 and <= 1 => t with { Alpha = v },
                nameof(PairsPerGroup) => t with { PairsPerGroup = (int)v },
                nameof(CombPairing) => t with { CombPairing = v != 0 },
                nameof(CombGap) => t with { CombGap = (int)v },
                nameof(SplitPower) => t with { SplitPower = v },
                nameof(MaskSpreadDbPerBand) => t with { MaskSpreadDbPerBand = v },
                nameof(MaskOffsetDb) => t with { MaskOffsetDb = v },
                nameof(Passes) => t with { Passes = (int)v },
                nameof(SilenceRelative) => t with { SilenceRelative = v },
                nameof(PilotThreshold) => t with { PilotThreshold = v },
                nameof(DecodesPerStretch) => t with { DecodesPerStretch = (int)v },
                nameof(ListSize) when v is >= 1 and <= AudioDetector.MaxListSize => t with { ListSize = (int)v },
                nameof(SpeedStep) => t with { SpeedStep = v },
                nameof(SpeedSteps) => t with { SpeedSteps = (int)v },
                nameof(SubHopOffsets) => t with { SubHopOffsets = (int)v },
                nameof(RefinedSpeeds) => t with { RefinedSpeeds = (int)v },
                nameof(CoarseSubHopOffsets) => t with { CoarseSubHopOffsets = (int)v },
                nameof(NoiseReading) => t with { NoiseReading = (int)v },
                nameof(NoisePercentile) => t with { NoisePercentile = v },
                nameof(NoiseScale) => t with { NoiseScale = v },
                nameof(NoiseMargin) => t with { NoiseMargin = v },
                nameof(PilotWeighting) => t with { PilotWeighting = v },
                nameof(CompressedStep) => t with { CompressedStep = v },
                _ => throw new ArgumentException($"Unknown tuning constant '{kv[0]}'."),
            };
        }
        return t;
    }
}
