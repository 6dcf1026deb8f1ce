using Provenance.Core.External;
using System.Globalization;
using System.Text.Json;

namespace Provenance.Core.Video;

/// <summary>
/// Reads a clip's facts with ffprobe (JSON output, at most 1 MiB of it, 30 s), and checks them against the limits
/// before any frame is decoded: frame size (pixel limit), duration (<see cref="MediaLimits.MaxVideoSeconds"/>).
/// Width and height are the frame as displayed: ffmpeg turns decoded frames by the stream's display matrix (a phone
/// held upright writes 1920x1080 pixels and a 90-degree rotation), so every raw frame this project reads from it has
/// the displayed size, and the probe must say the same or the frames would be cut at the wrong stride.
/// </summary>
internal static class VideoProbe
{
    private const int MaxOutputChars = 1 << 20;

    public static VideoInfo Probe(string path, MediaLimits limits)
    {
        using var process = FfmpegTool.Start("ffprobe",
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], redirectInput: false);
        var output = FfmpegTool.ReadBoundedAsync(process.StandardOutput, MaxOutputChars);
        var error = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            FfmpegTool.KillQuietly(process);
            throw new InvalidMediaException(MediaError.Corrupt, "ffprobe did not finish reading the file within 30 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "ffprobe cannot read the file: " + error.Result.Trim());
        }
        return Parse(output.Result, limits);
    }

    internal static VideoInfo Parse(string json, MediaLimits limits)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        var video = streams.FirstOrDefault(e => e.TryGetProperty("codec_type", out var t) && t.GetString() == "video");
        if (video.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, "The file has no video stream.");
        }
        var width = video.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = video.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        limits.CheckVideoDimensions(width, height);
        var rotation = Rotation(video);
        if (rotation is 90 or 270)
        {
            (width, height) = (height, width);
        }
        var rate = video.TryGetProperty("avg_frame_rate", out var r) && Rate(r.GetString()) > 0 ? r.GetString()!
            : video.TryGetProperty("r_frame_rate", out var rr) ? rr.GetString() ?? "0/0" : "0/0";
        var fps = Rate(rate);
        if (!(fps > 0 && fps <= 240))
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"The video declares a frame rate of {rate}.");
        }
        var duration = Number(root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d) ? d.GetString() : null)
            ?? Number(video.TryGetProperty("duration", out var vd) ? vd.GetString() : null)
            ?? throw new InvalidMediaException(MediaError.Corrupt, "The video declares no duration.");
        limits.CheckVideoDuration(duration);
        long? bitRate = video.TryGetProperty("bit_rate", out var b) && long.TryParse(b.GetString(), CultureInfo.InvariantCulture, out var bv) ? bv
            : format.ValueKind == JsonValueKind.Object && format.TryGetProperty("bit_rate", out var fb) && long.TryParse(fb.GetString(), CultureInfo.InvariantCulture, out var fbv) ? fbv
            : null;
        var codec = video.TryGetProperty("codec_name", out var c) ? c.GetString() ?? "" : "";
        var hasAudio = streams.Any(e => e.TryGetProperty("codec_type", out var t) && t.GetString() == "audio");
        long? frameCount = video.TryGetProperty("nb_frames", out var nf) && long.TryParse(nf.GetString(), CultureInfo.InvariantCulture, out var nfv) && nfv > 0 ? nfv : null;
        return new VideoInfo(codec, width, height, fps, rate, duration, bitRate, hasAudio) { FrameCount = frameCount, RotationDegrees = rotation };
    }

    /// <summary>
    /// The display matrix's rotation, normalised to 0, 90, 180 or 270 (ffmpeg 5 reports it in the stream's side data,
    /// older muxers' files as a "rotate" tag). Anything that is not a multiple of 90 degrees is not applied by ffmpeg's
    /// autorotation either, and counts as 0.
    /// </summary>
    private static int Rotation(JsonElement video)
    {
        double? degrees = null;
        if (video.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in sideData.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("rotation", out var r) && r.ValueKind == JsonValueKind.Number)
                {
                    degrees = r.GetDouble();
                    break;
                }
            }
        }
        if (degrees is null && video.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            && tags.TryGetProperty("rotate", out var tag))
        {
            degrees = double.TryParse(tag.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
        }
        if (degrees is not { } d || !double.IsFinite(d) || Math.Abs(d) > 1e6)
        {
            return 0;
        }
        var rounded = Math.Round(d);
        if (Math.Abs(d - rounded) > 1e-6 || rounded % 90 != 0)
        {
            return 0;
        }
        return (int)(((rounded % 360) + 360) % 360);
    }

    private static double Rate(string? rate)
    {
        var parts = (rate ?? "").Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var d) && d > 0 ? n / d : 0;
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 ? value : null;
}
