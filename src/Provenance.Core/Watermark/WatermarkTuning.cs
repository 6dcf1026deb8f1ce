namespace Provenance.Core.Watermark;

/// <summary>
/// The design constants that were chosen by measurement (docs/watermark.md says why), in one place so that the
/// harness can compare variants. Not configuration: changing one changes what every marked image looks like to
/// the detector.
/// </summary>
internal sealed record WatermarkTuning
{
    public static WatermarkTuning Default { get; } = new();

    /// <summary>
    /// The video scheme's constants (Watermarker.Video): larger waxels, since codecs quantise and motion-compensate
    /// fine texture (docs/video.md has the harness runs behind the values). The presence gate has its own
    /// calibration on the video harness's planes (docs/video.md, "Presence gate"): threshold 3.0, between the
    /// highest clean frame (2.84) and the lowest judged marked keyframe (3.36); every plane size is judged (the larger
    /// waxels keep marked keyframes above clean ones at plane factor 1 too, where the image scheme's overlapped), but
    /// only planes of activity 0.2..0.5. A mostly flat one (a dark first keyframe, clipped black by an attack)
    /// carries no pattern, and one that is mostly dark carries too little of it: keyframes of a broadcast sample of
    /// near-black product shots, marked and then scaled to 480p or 360p, scored 2.26-2.48 at activity 0.12-0.14 and
    /// were gated out although the search found them (the floor was 0.1; no corpus clip's clean keyframe is under
    /// 0.2, so none of them loses the gate). Past 0.5 the marked keyframes' scores fall with the texture (fruits, 0.54: 3.07; a facade,
    /// 0.68: 2.26; a circuit board, 0.87: 2.1-2.3, like clean frames, while eight pooled frames showed the template),
    /// so such planes are left to the search and the fallback.
    /// </summary>
    public static WatermarkTuning Video { get; } = new()
    {
        WaxelsPerShortSide = 120,
        MinWaxel = 3.5,
        PresenceThreshold = 3.0,
        PresenceMinFactor = 1,
        PresenceMinActivity = 0.2,
        PresenceMaxActivity = 0.5,
        // Video frames are not marked with the image's simulation of a halving (measured on images only).
        HalvedReadoutWeight = 0,
        // Nor searched with the images' ranked, shorter two-dimensional search (measured on images only).
        MaxSearchPolishes = 6,
        RankSearchByTemplate = false,
    };

    /// <summary>Smallest waxel, in image pixels.</summary>
    public double MinWaxel { get; init; } = 2.5;

    /// <summary>Waxels across the shorter side of a large image.</summary>
    public double WaxelsPerShortSide { get; init; } = 171.0;

    /// <summary>Chip-grid high-pass strength (0 = off, 1 = zero-mean 3x3 kernel).</summary>
    public float ChipHighPass { get; init; } = 1f;

    /// <summary>Share of the pattern's energy given to the sinusoidal sync template.</summary>
    public float SyncEnergy { get; init; } = 0.3f;

    /// <summary>Luma standard deviation (levels) below which a block counts as flat for the mask.</summary>
    public float MaskFloor { get; init; } = 4f;

    /// <summary>Exponent of the activity mask: 0 = uniform strength, 1 = proportional to local deviation.</summary>
    public float MaskGamma { get; init; } = 0f;

    /// <summary>Cap of the mask relative to its mean.</summary>
    public float MaskCap { get; init; } = 2.5f;

    /// <summary>Radius (detection-plane pixels) of the box blur subtracted to form the residual.</summary>
    public int ResidualRadius { get; init; } = 2;

    /// <summary>Radius of the local RMS used to normalise the residual.</summary>
    public int NormalizeRadius { get; init; } = 2;

    /// <summary>Pilot peak z-score below which a hypothesis is not decoded.</summary>
    public double PilotThreshold { get; init; } = 4.4;

    /// <summary>Pilot z-score from which a search hypothesis is polished (below it the hypothesis is dropped).</summary>
    public double PolishThreshold { get; init; } = 3.6;

    /// <summary>
    /// Search hypotheses polished per image at most in the rung angles' stage (each polish costs a few dozen folds;
    /// the two-dimensional search after it has <see cref="MaxSearchPolishes"/>). Hypotheses come best first,
    /// and on an unmarked image some clear the polish bar by chance, so this bounds the cost there.
    /// </summary>
    public int MaxPolishes { get; init; } = 6;

    /// <summary>
    /// As <see cref="MaxPolishes"/>, for the two-dimensional search after the rung angles. Its full polishes (about 28
    /// folds each) were two thirds of what an unmarked photo of web size cost with six of them; with the hypotheses
    /// ranked (<see cref="RankSearchByTemplate"/>) two find every mark six found in the harness (docs/watermark.md,
    /// "The search's polishes ranked").
    /// </summary>
    public int MaxSearchPolishes { get; init; } = 2;

    /// <summary>
    /// Try (and polish) the two-dimensional search's hypotheses in order of the sync template's energy in their first
    /// fold rather than in the spectrum's order: the right hypothesis's template stands out before any polish (a
    /// rotated starry_night: 229 against 113-186 for the other nine), where the spectrum ranked it fourth.
    /// </summary>
    public bool RankSearchByTemplate { get; init; } = true;

    /// <summary>
    /// The widest stage of a search hypothesis's polish (size and angle) maximises the fold's sync template energy
    /// (<see cref="TemplateEnergy"/>) rather than the pilot's z-score (false: the pilot, as before issue 16).
    /// </summary>
    public bool PolishOnTemplate { get; init; } = true;

    /// <summary>
    /// Codewords the list decoder tries on the first hypotheses an image decodes (1 = plain Viterbi everywhere); at
    /// most <see cref="Detector.MaxListSize"/>.
    /// </summary>
    public int ListSize { get; init; } = 16;

    /// <summary>
    /// A hypothesis whose pilot z-score stays under the threshold is located again with the pilot and the sync
    /// template together, and decoded when that z-score clears the threshold.
    /// </summary>
    public bool CombinedLocate { get; init; } = true;

    /// <summary>Informed embedding: step of each amplitude update towards its target readout (0 = off).</summary>
    public float HostCancel { get; init; } = 0.4f;

    /// <summary>
    /// Informed embedding on small images: share of each chip's correction taken from the simulated readout of the
    /// image halved (0 = only the detector's readout of the image as it is). A small image is often shown or
    /// re-uploaded at half its size, and a halving moves the mark's waxel to half a pixel scale the detector reads
    /// on the image itself, where the host's interference is not the one informed embedding cancelled. 0.35 was
    /// the share with no row of the small-image harness below the share 0 (docs/watermark.md, "Small images").
    /// </summary>
    public float HalvedReadoutWeight { get; init; } = 0.35f;

    /// <summary>
    /// Smallest shorter side (pixels) of an image whose informed embedding also simulates it halved: below it the
    /// halved image would be under the size the embedder accepts (<see cref="TileGeometry.MinShortSide"/>), and the
    /// mark, weakest there, keeps all of its cancellation for the image as it is.
    /// </summary>
    public int HalvedReadoutMinShortSide { get; init; } = 2 * TileGeometry.MinShortSide;

    /// <summary>
    /// Largest shorter side (pixels) of an image whose informed embedding also simulates it halved: the small
    /// images of issue 16 (a 640 x 480 or 512 x 512 upload halved). Above it the full harness's halvings were already
    /// all recovered, and extending the simulation to 1023 px changed which marginal trials of starry_night
    /// (752 x 600) survived (one rotation lost), so larger images are marked as before.
    /// </summary>
    public int HalvedReadoutMaxShortSide { get; init; } = 520;

    /// <summary>Informed embedding: closed-loop iterations.</summary>
    public int InformedIterations { get; init; } = 2;

    /// <summary>Largest amplitude multiplier informed embedding may give one chip or bit.</summary>
    public float MaxBoost { get; init; } = 6f;

    /// <summary>Smallest amplitude multiplier informed embedding may give one chip or bit.</summary>
    public float MinAmplitude { get; init; } = 0f;

    /// <summary>Strength adaptation: predicted payload-bit SNR (host interference only, before informed
    /// embedding) each image is driven to, within the PSNR bounds (0 = no adaptation).</summary>
    public double TargetBitSnr { get; init; } = 2;

    /// <summary>
    /// Presence test score (<see cref="PresenceTest"/>) below which the full search is skipped and the image is
    /// reported as carrying no mark; 0 turns the gate off (the search always runs). Calibrated with the harness
    /// (docs/watermark.md, "Presence gate"): between the highest clean score of the corpus (2.86) and the lowest score
    /// of a mark the search found behind the gate (3.71), on images of 1024 px and more (the only ones the gate
    /// judges); nearer the clean side since photos from outside the corpus brought marks scoring 3.06-3.14 (a busy
    /// 12 MP photo cropped, a small picture scaled up), and a clean image over the threshold only pays the search.
    /// </summary>
    public double PresenceThreshold { get; init; } = 3.0;

    /// <summary>
    /// Smallest luma averaging factor (<see cref="TileGeometry.DetectionFactor"/>) at which the presence gate judges
    /// a plane; below it the search always runs. Images: <see cref="PresenceTest.MinFactor"/> (1024 px and more), where
    /// the calibration separated clean and marked scores.
    /// </summary>
    public int PresenceMinFactor { get; init; } = PresenceTest.MinFactor;

    /// <summary>
    /// Least <see cref="PresenceTest.Activity"/> of a plane the gate judges; below it (a mostly flat plane) the search
    /// runs. 0 for images, whose calibration did not need it.
    /// </summary>
    public double PresenceMinActivity { get; init; }

    /// <summary>
    /// Largest <see cref="PresenceTest.Activity"/> of a plane the gate judges; above it (a plane textured nearly
    /// everywhere, where the whitening divides the mark down) the search runs. 0.7 for images: busy photos scaled to
    /// 600-1000 px, marked and scaled by 1.5 had activity 0.74-0.87 and scored 1.97-4.07, under the threshold or near
    /// it, although the search finds their marks at pilot z 6-12; every marked trial under 0.7 scored 3.7 or more, and
    /// about one judged clean trial in fifteen is over it (docs/watermark.md, "Presence gate").
    /// </summary>
    public double PresenceMaxActivity { get; init; } = 0.7;

    /// <summary>
    /// Nominal rungs tried before the presence gate (the rest, and the whole search, run behind it). One: a mark
    /// that only lost its metadata is found at the first rung without the test; on the images the gate judges,
    /// every mark the later rungs found (crops) scored at least 4.42 in calibration, far above the threshold.
    /// </summary>
    public int PresenceGateRungs { get; init; } = 1;

    /// <summary>Rung-constrained angle hypotheses from the spectrum that are folded and tried.</summary>
    public int RungAngleCandidates { get; init; } = 4;

    /// <summary>Lattice hypotheses from the autocorrelation that are folded and tried.</summary>
    public int SearchCandidates { get; init; } = 10;
}
