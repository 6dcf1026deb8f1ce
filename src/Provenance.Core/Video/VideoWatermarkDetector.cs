using Provenance.Core.External;
using System.Diagnostics;
using System.Globalization;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Looks for the frame watermark in any clip ffmpeg decodes (MP4, MOV, WebM, MKV, AVI...), without decoding it all.
/// Before anything is decoded the clip's length is checked against <see cref="MediaLimits.MaxVideoSeconds"/>: from the
/// movie header of an MP4 or MOV (<see cref="BmffMovieDuration"/>), otherwise by ffprobe. On a short clip most of the
/// cost is process start-up (ffmpeg spends about 0.1 s loading its libraries; ffprobe of the 1080p corpus clip costs
/// 0.14 s), so the common case starts one process only: ffmpeg sends frames as PGM images, whose headers give the
/// decoded size (display rotation applied), checked against the pixel limit before a frame is read.
/// Fast path: keyframes only (<c>-skip_frame nokey</c>, the other frames are demuxed and dropped), the first
/// <see cref="SampleCount"/> that are at least <see cref="KeyframeSpacingSeconds"/> apart. Because the pattern is the
/// same in every frame, the sampled frames' mean pools the evidence (the mark adds up, moving content averages out).
/// When keyframes are too sparse for that (a 3 s segment re-encoded with x264's default of one every 250 frames), the
/// clip is probed: one of up to 12 s is decoded once and eight frames spread over it are kept; a longer one is
/// sampled by seeking, which decodes from the keyframe before each sample.
/// </summary>
internal sealed class VideoWatermarkDetector(Watermarker watermarker)
{
    // The video scheme of the caller's key (larger waxels, video PSNR bounds): see Watermarker.Video.
    private readonly Watermarker _scheme = watermarker.Video;

    public const int SampleCount = 8;

    /// <summary>Clips up to this long are sampled by one full decode when keyframes are too few.</summary>
    private const double ShortClipSeconds = 12;

    /// <summary>Fewer keyframes than this, and the clip is sampled another way.</summary>
    internal const int MinKeyframes = 4;

    /// <summary>
    /// Least time between the keyframes the fast path keeps. Fixed, so that the pass needs no probe of the clip's
    /// length: the first eight keyframes a second or more apart are as many frames of different content as spreading
    /// them over the whole clip gives, and a long clip is not demuxed to its end.
    /// </summary>
    private const double KeyframeSpacingSeconds = 1;

    public VideoDetection Detect(string path, MediaLimits limits) => Detect(path, limits, null);

    /// <summary>
    /// As <see cref="Detect(string, MediaLimits)"/>; <paramref name="trace"/> (the harness's) receives the presence
    /// gate's scores and decisions at each stage and may ask for every stage to run past a closed gate, so that the
    /// marks the gate would have lost can be counted.
    /// </summary>
    internal VideoDetection Detect(string path, MediaLimits limits, VideoDetectionTrace? trace)
    {
        VideoInfo? probed = null;
        if (BmffMovieDuration.TryRead(path) is { } seconds)
        {
            limits.CheckVideoDuration(seconds);
        }
        else
        {
            probed = VideoProbe.Probe(path, limits);
        }
        var keyframes = Read(StartSpread(path, KeyframeSpacingSeconds, keyframesOnly: true), limits, SampleCount);
        if (keyframes.Frames.Count > 0)
        {
            var gate = PlaneTrace(trace);
            var pooled = Pool(keyframes.Frames, keyframes.Width, keyframes.Height, gate);
            trace?.Keyframes(keyframes.Frames.Count, gate, pooled.Detection);
            if (pooled.Detection.Detected || keyframes.Frames.Count >= MinKeyframes)
            {
                return pooled;
            }
            // The keyframes' pooled plane was judged and carries too little of the sync template's energy: the
            // clip is reported as unmarked without the fallback (a decode of up to the whole clip and a second
            // search, which made an unmarked upload cost more than a full decode). The frames the fallback would
            // pool are of the same clip and carry the same static pattern as its keyframes, which codecs keep
            // best; the harness's gate miss rate measures what this loses (docs/video.md, "Presence gate").
            if (gate.GateClosed && trace is not { Ungated: true })
            {
                return pooled;
            }
        }
        trace?.FallbackRan();
        var info = probed ?? VideoProbe.Probe(path, limits);
        DecodedFrames sampled;
        if (info.DurationSeconds <= ShortClipSeconds)
        {
            // A short clip or segment: one decode of all of it costs less than eight seeks that each decode from
            // its one keyframe.
            sampled = Read(StartSpread(path, info.DurationSeconds / SampleCount, keyframesOnly: false), limits, SampleCount);
        }
        else
        {
            sampled = new DecodedFrames();
            for (var i = 0; i < SampleCount; i++)
            {
                var one = Read(StartAt(path, info.DurationSeconds * (i + 0.5) / SampleCount), limits, 1);
                if (one.Frames.Count == 1 && (sampled.Frames.Count == 0 || (one.Width, one.Height) == (sampled.Width, sampled.Height)))
                {
                    (sampled.Width, sampled.Height) = (one.Width, one.Height);
                    sampled.Frames.Add(one.Frames[0]);
                }
            }
        }
        // The fallback's plane is always searched: calibration found a marked segment whose keyframe opened the gate
        // but whose eight pooled frames scored as low as clean ones (and the search still found the ID there), so a
        // gate here would lose marks to save a search that only runs when the keyframes showed the template.
        var fallbackGate = PlaneTrace(trace, gated: false);
        var result = Pool(sampled.Frames, sampled.Width, sampled.Height, fallbackGate);
        trace?.Fallback(sampled.Frames.Count, fallbackGate, result.Detection);
        return result;
    }

    /// <summary>
    /// The gate's record of one pooled detection: always kept, since the keyframes' decides whether the fallback
    /// runs; with a harness trace the score is computed even when the first rung finds the mark, and an ungated
    /// trace keeps the search going past a closed gate.
    /// </summary>
    private static DetectionTrace PlaneTrace(VideoDetectionTrace? trace, bool gated = true) =>
        new() { Ungated = !gated || (trace?.Ungated ?? false), AlwaysScore = trace is not null };

    /// <summary>
    /// Pools sampled 8-bit luma frames of a clip of <paramref name="info"/>'s size: the detector runs once, on their
    /// mean. The pattern is the same in every frame, so the mark adds up while moving content and codec noise
    /// average out; detecting frames one by one as well was dropped: on the harness's failed segments no single
    /// frame scored above the mean, and each extra detection is one more chance of a false accept. Also what the
    /// robustness harness runs on clean windows held in memory.
    /// </summary>
    internal VideoDetection Pool(IReadOnlyList<byte[]> frames, VideoInfo info, DetectionTrace? trace = null) =>
        Pool(frames, info.Width, info.Height, trace);

    /// <summary>The presence gate's score of the mean of <paramref name="frames"/> (calibration: no search runs).</summary>
    internal (double Score, double Activity, int Factor) PresenceOf(IReadOnlyList<byte[]> frames, VideoInfo info) =>
        _scheme.MeasurePresence(new LumaPlane(Mean(frames, info.Width * info.Height), info.Width, info.Height));

    private VideoDetection Pool(IReadOnlyList<byte[]> frames, int width, int height, DetectionTrace? trace)
    {
        if (frames.Count == 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "No frame of the video could be decoded.");
        }
        return new VideoDetection(_scheme.Detect(new LumaPlane(Mean(frames, width * height), width, height), trace), frames.Count);
    }

    /// <summary>The rounded per-pixel mean of equally sized 8-bit frames.</summary>
    private static byte[] Mean(IReadOnlyList<byte[]> frames, int pixels)
    {
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
        return mean;
    }

    /// <summary>
    /// One ffmpeg sending up to <see cref="SampleCount"/> frames at least <paramref name="spacingSeconds"/> apart:
    /// keyframes only (the others are demuxed, not decoded) or any frame (everything decoded).
    /// </summary>
    private static Process StartSpread(string path, double spacingSeconds, bool keyframesOnly)
    {
        var spacing = spacingSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return StartGrey([.. (keyframesOnly ? (string[])["-skip_frame", "nokey"] : []), "-i", path, "-map", "0:v:0",
            "-vf", $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{spacing})'", "-fps_mode", "passthrough",
            "-frames:v", SampleCount.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>One ffmpeg sending the frame at <paramref name="seconds"/> (input seeking: decoded from the keyframe before it).</summary>
    private static Process StartAt(string path, double seconds) =>
        StartGrey(["-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", path, "-map", "0:v:0", "-frames:v", "1"]);

    /// <summary>ffmpeg with <paramref name="input"/>'s options, sending 8-bit luma frames as PGM images on stdout.</summary>
    private static Process StartGrey(string[] input) =>
        FfmpegTool.Start("ffmpeg", ["-nostdin", "-v", "error", .. input, "-f", "image2pipe", "-c:v", "pgm", "-pix_fmt", "gray", "-"], redirectInput: false);

    /// <summary>
    /// Up to <paramref name="maxFrames"/> frames from <paramref name="process"/>, all of the first frame's size (a
    /// stream that changes size mid-way is sampled up to the change); waits for the process and disposes it.
    /// Throws <see cref="InvalidMediaException"/> for a frame over the pixel limit or a header ffmpeg would not write.
    /// </summary>
    private static DecodedFrames Read(Process process, MediaLimits limits, int maxFrames)
    {
        using (process)
        {
            var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
            var decoded = new DecodedFrames();
            var source = process.StandardOutput.BaseStream;
            try
            {
                while (decoded.Frames.Count < maxFrames && ReadPgmHeader(source) is var (width, height))
                {
                    if (decoded.Frames.Count == 0)
                    {
                        limits.CheckVideoDimensions(width, height);
                        (decoded.Width, decoded.Height) = (width, height);
                    }
                    else if ((width, height) != (decoded.Width, decoded.Height))
                    {
                        break;
                    }
                    var frame = new byte[width * height];
                    if (source.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false) != frame.Length)
                    {
                        break;
                    }
                    decoded.Frames.Add(frame);
                }
            }
            catch
            {
                FfmpegTool.KillQuietly(process);
                throw;
            }
            source.CopyTo(Stream.Null);
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                FfmpegTool.KillQuietly(process);
            }
            _ = errors.Result;
            return decoded;
        }
    }

    /// <summary>
    /// Reads "P5 WIDTH HEIGHT 255" and the one whitespace byte after it; null at the end of the stream. Only the
    /// binary greyscale form ffmpeg's PGM encoder writes is accepted (no comments, 8-bit samples); at most six digits
    /// a number, so a header is never longer than 21 bytes.
    /// </summary>
    private static (int Width, int Height)? ReadPgmHeader(Stream source)
    {
        Span<int> numbers = stackalloc int[3];
        var first = source.ReadByte();
        if (first < 0)
        {
            return null;
        }
        if (first != 'P' || source.ReadByte() != '5' || !IsSpace(source.ReadByte()))
        {
            throw Malformed();
        }
        for (var n = 0; n < numbers.Length; n++)
        {
            var value = 0;
            var digits = 0;
            int b;
            while ((b = source.ReadByte()) is >= '0' and <= '9')
            {
                value = value * 10 + (b - '0');
                if (++digits > 6)
                {
                    throw Malformed();
                }
            }
            if (digits == 0 || !IsSpace(b))
            {
                throw Malformed();
            }
            numbers[n] = value;
        }
        return numbers[2] == 255 ? (numbers[0], numbers[1]) : throw Malformed();

        static bool IsSpace(int b) => b is ' ' or '\n' or '\r' or '\t';
        static InvalidMediaException Malformed() => new(MediaError.Corrupt, "ffmpeg sent a frame header that is not 8-bit PGM.");
    }

    /// <summary>Decoded 8-bit luma frames, all <see cref="Width"/> x <see cref="Height"/>.</summary>
    private sealed class DecodedFrames
    {
        public List<byte[]> Frames { get; } = [];

        public int Width { get; set; }

        public int Height { get; set; }
    }
}

/// <summary>The detection on the pooled frames, and how many frames were pooled.</summary>
internal sealed record VideoDetection(WatermarkDetection Detection, int FramesSampled);
