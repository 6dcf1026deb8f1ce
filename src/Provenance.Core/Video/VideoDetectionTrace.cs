using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// What the robustness harness needs to know about one clip's detection beyond its result: the presence gate's
/// record at each stage (the keyframes' pooled plane, then the fallback's), which stage found the mark, and whether
/// the detector as Verify runs it (gates closing) would have found it too. With <see cref="Ungated"/> every stage
/// runs as if there were no gate. Not thread-safe: one per detection.
/// </summary>
internal sealed class VideoDetectionTrace
{
    /// <summary>Run the keyframes' search, the fallback and its search whatever the gate says (decisions still recorded).</summary>
    public bool Ungated { get; init; }

    /// <summary>Keyframes pooled (0 when none was decoded).</summary>
    public int KeyframeCount { get; private set; }

    /// <summary>The gate's record on the keyframes' pooled plane; null when no keyframe was decoded.</summary>
    public DetectionTrace? KeyframePlane { get; private set; }

    /// <summary>True when the fallback sampling ran.</summary>
    public bool FallbackRun { get; private set; }

    /// <summary>Frames the fallback pooled.</summary>
    public int FallbackCount { get; private set; }

    /// <summary>The gate's record on the fallback's pooled plane; null when the fallback did not run.</summary>
    public DetectionTrace? FallbackPlane { get; private set; }

    /// <summary>Where the mark was found: 0 = not found, 1 = keyframes, 2 = fallback.</summary>
    public int FoundStage { get; private set; }

    /// <summary>True when the keyframes' gate closed on a clip with too few keyframes: Verify skips the fallback.</summary>
    public bool FallbackSkipped => KeyframePlane is { GateClosed: true } && KeyframeCount < VideoWatermarkDetector.MinKeyframes;

    /// <summary>
    /// The detector as Verify runs it would have reported the mark found here: not behind a closed gate on the
    /// keyframes, and not in a fallback that a closed keyframe gate skips (the fallback's plane is never gated).
    /// </summary>
    public bool GatedFound => FoundStage switch
    {
        1 => KeyframePlane is not { Missed: true },
        2 => !FallbackSkipped,
        _ => false,
    };

    /// <summary>The mark was found, but only because the gate was held open: what the harness counts as a gate miss.</summary>
    public bool Missed => FoundStage != 0 && !GatedFound;

    internal void Keyframes(int count, DetectionTrace plane, WatermarkDetection detection)
    {
        (KeyframeCount, KeyframePlane) = (count, plane);
        FoundStage = detection.Detected ? 1 : 0;
    }

    internal void FallbackRan() => FallbackRun = true;

    internal void Fallback(int count, DetectionTrace plane, WatermarkDetection detection)
    {
        (FallbackCount, FallbackPlane) = (count, plane);
        FoundStage = detection.Detected ? 2 : FoundStage;
    }
}
