namespace Provenance.Core.Video;

/// <summary>What ffprobe says about a clip's first video stream and its container.</summary>
public sealed record VideoInfo(
    string Codec,
    int Width,
    int Height,
    double FramesPerSecond,
    string FrameRate,
    double DurationSeconds,
    long? BitRate,
    bool HasAudio)
{
    /// <summary>The video stream's frame count as the container declares it (ffprobe's nb_frames), when it does.</summary>
    public long? FrameCount { get; init; }
}
