namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Frames of a video that carry the explicit label: <paramref name="FirstFrame"/> to <paramref name="LastFrame"/>
/// inclusive (0-based, in decoding order of the output), and the presentation time they cover, from the first frame's
/// start to the last frame's end, in seconds from the start of the video stream.
/// </summary>
public sealed record LabelTimeRange(int FirstFrame, int LastFrame, double StartSeconds, double EndSeconds)
{
    public double Seconds => EndSeconds - StartSeconds;
}
