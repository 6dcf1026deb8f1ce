using System.Globalization;

namespace Provenance.Core.Video.Evaluation;

/// <summary>
/// The attacks of issue 14, each made by Debian's ffmpeg on a segment of the marked clip. Every attack that is not
/// itself a codec change ends in H.264 CRF 23 (x264 preset medium), the encode any platform makes anyway; audio is
/// dropped (the frame watermark does not look at it).
/// </summary>
internal static class VideoAttackSuite
{
    private static readonly string[] H264Crf23 = ["-c:v", "libx264", "-crf", "23", "-preset", "medium", "-pix_fmt", "yuv420p"];

    public static IReadOnlyList<VideoAttack> All { get; } =
    [
        Encode("h264-crf23", "23"),
        Encode("h264-crf28", "28"),
        Encode("h264-crf33", "33"),
        new("h265-crf28", "mp4", _ => ["-c:v", "libx265", "-crf", "28", "-preset", "medium", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p"]),
        // libvpx-vp9 constant quality (-b:v 0) at its usual web setting; cpu-used 4 is the "good" speed platforms use.
        new("vp9-webm-crf32", "webm", _ => ["-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-pix_fmt", "yuv420p"]),
        Downscale(720),
        Downscale(480),
        Downscale(360),
        Filtered("crop-10pct-per-side", "crop=trunc(iw*0.8/2)*2:trunc(ih*0.8/2)*2"),
        Filtered("fps-15", "fps=15"),
        Filtered("fps-24", "fps=24"),
        // Brightness as a gain on the picture (as torchvision's adjust_brightness, the augmentation the papers use):
        // luma and chroma's distance from grey scaled by the factor.
        Filtered("brightness+20pct", Gain(1.2)),
        Filtered("brightness-20pct", Gain(0.8)),
        Filtered("contrast+20pct", "eq=contrast=1.2"),
        Filtered("contrast-20pct", "eq=contrast=0.8"),
        new("letterbox-pad", "mp4", info => [.. Vf(Pad(info)), .. H264Crf23]),
        // A screen recording of the clip played in a window: scaled to 0.8, slightly soft, encoded at a low quality.
        new("screen-recording", "mp4", _ => ["-vf", "scale=trunc(iw*0.4)*2:trunc(ih*0.4)*2,gblur=sigma=0.5", "-c:v", "libx264", "-crf", "30", "-pix_fmt", "yuv420p"]),
    ];

    private static VideoAttack Encode(string name, string crf) =>
        new(name, "mp4", _ => ["-c:v", "libx264", "-crf", crf, "-preset", "medium", "-pix_fmt", "yuv420p"]);

    /// <summary>Scaled to <paramref name="lines"/> lines (aspect kept), for clips taller than that only.</summary>
    private static VideoAttack Downscale(int lines) =>
        new($"downscale-{lines}p", "mp4", _ => [.. Vf($"scale=-2:{lines}"), .. H264Crf23], info => info.Height > lines);

    private static VideoAttack Filtered(string name, string filter) => new(name, "mp4", _ => [.. Vf(filter), .. H264Crf23]);

    private static string[] Vf(string filter) => ["-vf", filter];

    private static string Gain(double factor)
    {
        var f = factor.ToString("0.###", CultureInfo.InvariantCulture);
        return $"lutyuv=y='clip(val*{f},0,255)':u='clip((val-128)*{f}+128,0,255)':v='clip((val-128)*{f}+128,0,255)'";
    }

    /// <summary>
    /// Bars to another aspect ratio: a clip narrower than 16:10 is pillarboxed to 16:9, a wider one letterboxed to
    /// 4:3, the picture centred on black.
    /// </summary>
    private static string Pad(VideoInfo info)
    {
        int width = info.Width, height = info.Height;
        if ((double)width / height < 1.6)
        {
            width = (int)Math.Ceiling(height * 16.0 / 9 / 2) * 2;
        }
        else
        {
            height = (int)Math.Ceiling(width * 3.0 / 4 / 2) * 2;
        }
        return string.Create(CultureInfo.InvariantCulture, $"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:black");
    }
}
