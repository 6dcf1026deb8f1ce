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

    /// <summary>
    /// The display matrix's rotation (0, 90, 180, 270). <see cref="Width"/> and <see cref="Height"/> are already
    /// turned by it: they are the size of the frames ffmpeg decodes, as a viewer shows them.
    /// </summary>
    public int RotationDegrees { get; init; }
}
