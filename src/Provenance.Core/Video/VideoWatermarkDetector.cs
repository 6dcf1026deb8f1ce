using System.Globalization;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Looks for the frame watermark in any clip ffmpeg decodes (MP4, MOV, WebM, MKV, AVI...), without decoding it all:
/// <see cref="SampleCount"/> frames spread over the clip, each fetched by a seeking ffmpeg as 8-bit luma. Because the
/// pattern is the same in every frame, the sampled frames' mean pools the evidence (the mark adds up, moving content
/// averages out); each frame is tried on its own as well, for clips whose frames were transformed differently.
/// </summary>
internal sealed class VideoWatermarkDetector(Watermarker watermarker)
{
    public const int SampleCount = 8;

    public VideoDetection Detect(string path, MediaLimits limits)
    {
        var info = VideoProbe.Probe(path, limits);
        var pixels = info.Width * info.Height;
        var sum = new int[pixels];
        var frames = new List<byte[]>();
        for (var i = 0; i < SampleCount; i++)
        {
            var at = info.DurationSeconds * (i + 0.5) / SampleCount;
            if (ReadFrame(path, at, pixels) is { } frame)
            {
                frames.Add(frame);
                for (var p = 0; p < pixels; p++)
                {
                    sum[p] += frame[p];
                }
            }
        }
        if (frames.Count == 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "No frame of the video could be decoded.");
        }
        var mean = new byte[pixels];
        for (var p = 0; p < pixels; p++)
        {
            mean[p] = (byte)((sum[p] + frames.Count / 2) / frames.Count);
        }
        var pooled = watermarker.Detect(new LumaPlane(mean, info.Width, info.Height));
        var perFrame = frames.Select(f => watermarker.Detect(new LumaPlane(f, info.Width, info.Height))).ToList();
        var agreeing = perFrame.Count(d => d.Detected && (!pooled.Detected || d.Id == pooled.Id));
        var best = pooled.Detected ? pooled
            : perFrame.Where(d => d.Detected).GroupBy(d => d.Id).OrderByDescending(g => g.Count()).FirstOrDefault()?.MaxBy(d => d.PilotScore)
            ?? pooled;
        return new VideoDetection(best, frames.Count, agreeing, info);
    }

    private static byte[]? ReadFrame(string path, double seconds, int pixels)
    {
        using var process = FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", path,
             "-map", "0:v:0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"], redirectInput: false);
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        var frame = new byte[pixels];
        var read = process.StandardOutput.BaseStream.ReadAtLeast(frame, pixels, throwOnEndOfStream: false);
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            FfmpegTool.KillQuietly(process);
            return null;
        }
        _ = errors.Result;
        return read == pixels ? frame : null;
    }
}

/// <summary>The pooled detection, how many frames were sampled, and how many of them alone decoded the same ID.</summary>
internal sealed record VideoDetection(WatermarkDetection Detection, int FramesSampled, int FramesAgreeing, VideoInfo Info);
