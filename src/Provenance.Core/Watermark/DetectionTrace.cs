namespace Provenance.Core.Watermark;

/// <summary>
/// What the harness needs to know about one detection beyond its result: the presence test's score, whether its
/// gate opened, and where the mark was found. With <see cref="Ungated"/> set the detector runs the full search
/// even when the gate closes, so the harness can count the marks the gate would have lost. Not thread-safe: one
/// per detection.
/// </summary>
internal sealed class DetectionTrace
{
    /// <summary>Run the full search whatever the gate says (the gate's decision is still recorded).</summary>
    public bool Ungated { get; init; }

    /// <summary>Compute the presence score at the start even when a nominal rung will find the mark (calibration).</summary>
    public bool AlwaysScore { get; init; }

    /// <summary>The whitened plane's <see cref="PresenceTest.Activity"/> (NaN when the score was not computed).</summary>
    public double Activity { get; set; } = double.NaN;

    /// <summary>The presence test's clipped score (NaN when it was not computed).</summary>
    public double PresenceScore { get; set; } = double.NaN;

    /// <summary>The same maximum without the clip (NaN when not computed).</summary>
    public double PresenceUnclipped { get; set; } = double.NaN;

    /// <summary>The detector's box-averaging factor for this image (the gate runs only from <see cref="WatermarkTuning.PresenceMinFactor"/>).</summary>
    public int Factor { get; set; }

    /// <summary>True when the detector reached the gate and judged the plane (threshold on, factor large enough).</summary>
    public bool GateJudged { get; set; }

    /// <summary>True when the detector reached the gate and the presence test closed it.</summary>
    public bool GateClosed { get; set; }

    /// <summary>The mark was found by a hypothesis behind a gate that judged this image (1024 px and more).</summary>
    public bool FoundBehindGate { get; set; }

    /// <summary>Where the mark was found: 1 = nominal rungs, 2 = rung angles, 3 = two-dimensional search; 0 = not found.</summary>
    public int FoundStage { get; set; }

    /// <summary>With <see cref="FoundStage"/> 1, the index in the order the nominal rungs are tried.</summary>
    public int FoundRung { get; set; } = -1;

    /// <summary>The gate closed on a mark that the full search found: what the harness counts as a miss.</summary>
    public bool Missed => GateClosed && FoundBehindGate;

    /// <summary>
    /// Diagnostics (harness --trace-failures): when set, the coded bits of the ID the image is known to carry; the
    /// detector then reads every hypothesis it tries and appends a line to <see cref="Hypotheses"/> with its raw
    /// coded-bit errors against them.
    /// </summary>
    public byte[]? TrueCoded { get; init; }

    /// <summary>One line per hypothesis tried (only with <see cref="TrueCoded"/>).</summary>
    public List<string> Hypotheses { get; } = [];
}
