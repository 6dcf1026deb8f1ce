using Provenance.Core.External;
using System.Diagnostics;
using System.Globalization;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Looks for the frame watermark in any clip ffmpeg decodes (MP4, MOV, WebM, MKV, AVI...), without decoding it all.
/// Fast path: one ffmpeg decoding keyframes only (<c>-skip_frame nokey</c>, the other frames are demuxed and
/// dropped), keeping the first <see cref="SampleCount"/> that are at least <see cref="KeyframeSpacingSeconds"/> apart.
/// It starts beside the probe rather than after it, because each ffmpeg process spends most of its time on a short
/// clip loading its libraries (about 0.1 s of 0.15 s for ffprobe here); nothing is read from its pipe until the probe
/// has checked the limits, so until then it decodes no further than the first frame it cannot write. Because the pattern is the same
/// in every frame, the sampled frames' mean pools the evidence (the mark adds up, moving content averages out). When
/// keyframes are too sparse for that (a 3 s segment re-encoded with x264's default of one every 250 frames), a clip
/// of up to 12 s is decoded once and eight frames spread over it are kept; a longer one is sampled by seeking,
/// which decodes from the keyframe before each sample.
/// </summary>
internal sealed class VideoWatermarkDetector(Watermarker watermarker)
{
    // The video scheme of the caller's key (larger waxels, video PSNR bounds): see Watermarker.Video.
    private readonly Watermarker _scheme = watermarker.Video;

    public const int SampleCount = 8;

    /// <summary>Clips up to this long are sampled by one full decode when keyframes are too few.</summary>
    private const double ShortClipSeconds = 12;

    /// <summary>Fewer keyframes than this, and the seeking path samples the clip.</summary>
    private const int MinKeyframes = 4;

    /// <summary>
    /// Least time between the keyframes the fast path keeps. It is fixed because the pass starts before the probe has
    /// said how long the clip is: the first eight keyframes a second or more apart are as many frames of different
    /// content as spreading them over the whole clip gives, and a long clip is not demuxed to its end.
    /// </summary>
    private const double KeyframeSpacingSeconds = 1;

    public VideoDetection Detect(string path, MediaLimits limits)
    {
        VideoInfo info;
        List<byte[]> frames;
        using (var keyframePass = StartSpread(path, KeyframeSpacingSeconds, keyframesOnly: true))
        {
            try
            {
                info = VideoProbe.Probe(path, limits);
            }
            catch
            {
                FfmpegTool.KillQuietly(keyframePass);
                throw;
            }
            frames = ReadFrames(keyframePass, info.Width * info.Height);
        }
        var pixels = info.Width * info.Height;
        var result = Pool(frames, info);
        if (result.Detection.Detected || frames.Count >= MinKeyframes)
        {
            return result;
        }
        if (info.DurationSeconds <= ShortClipSeconds)
        {
            // A short clip or segment: one decode of all of it costs less than eight seeks that each decode from
            // its one keyframe.
            using var everyFrame = StartSpread(path, info.DurationSeconds / SampleCount, keyframesOnly: false);
            return Pool(ReadFrames(everyFrame, pixels), info);
        }
        var sampled = new List<byte[]>();
        for (var i = 0; i < SampleCount; i++)
        {
            if (ReadFrame(path, info.DurationSeconds * (i + 0.5) / SampleCount, pixels) is { } frame)
            {
                sampled.Add(frame);
            }
        }
        return Pool(sampled, info);
    }

    /// <summary>
    /// Pools sampled 8-bit luma frames of a clip of <paramref name="info"/>'s size: the detector runs once, on their
    /// mean. The pattern is the same in every frame, so the mark adds up while moving content and codec noise
    /// average out; detecting frames one by one as well was dropped: on the harness's failed segments no single
    /// frame scored above the mean, and each extra detection is one more chance of a false accept. Also what the
    /// robustness harness runs on clean windows held in memory.
    /// </summary>
    internal VideoDetection Pool(IReadOnlyList<byte[]> frames, VideoInfo info)
    {
        if (frames.Count == 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "No frame of the video could be decoded.");
        }
        var pixels = info.Width * info.Height;
        var sum = new int[pixels];
        foreach (var frame in frames)
        {
            for (var p = 0; p < pixels; p++)
            {
                sum[p] += frame[p];
            }
        }
        var mean = new byte[pixels];
        for (var p = 0; p < pixels; p++)
        {
            mean[p] = (byte)((sum[p] + frames.Count / 2) / frames.Count);
        }
        return new VideoDetection(_scheme.Detect(new LumaPlane(mean, info.Width, info.Height)), frames.Count, info);
    }

    /// <summary>
    /// One ffmpeg sending up to <see cref="SampleCount"/> frames at least <paramref name="spacingSeconds"/> apart, as
    /// 8-bit luma: keyframes only (the others are demuxed, not decoded) or any frame (everything decoded).
    /// </summary>
    private static Process StartSpread(string path, double spacingSeconds, bool keyframesOnly)
    {
        var spacing = spacingSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", .. (keyframesOnly ? (string[])["-skip_frame", "nokey"] : []), "-i", path, "-map", "0:v:0",
             "-vf", $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{spacing})'", "-fps_mode", "passthrough",
             "-frames:v", SampleCount.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "gray", "-"], redirectInput: false);
    }

    /// <summary>The frames a <see cref="StartSpread"/> process sends, of <paramref name="pixels"/> bytes each; waits for its end.</summary>
    private static List<byte[]> ReadFrames(Process process, int pixels)
    {
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        var frames = new List<byte[]>();
        var source = process.StandardOutput.BaseStream;
        while (frames.Count < SampleCount)
        {
            var frame = new byte[pixels];
            if (source.ReadAtLeast(frame, pixels, throwOnEndOfStream: false) != pixels)
            {
                break;
            }
            frames.Add(frame);
        }
        source.CopyTo(Stream.Null);
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            FfmpegTool.KillQuietly(process);
        }
        _ = errors.Result;
        return frames;
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

/// <summary>The detection (pooled, or the best single frame when the pool did not decode) and how many frames were sampled.</summary>
internal sealed record VideoDetection(WatermarkDetection Detection, int FramesSampled, VideoInfo Info);
