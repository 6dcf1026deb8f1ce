using Provenance.Core.External;
using System.Diagnostics;
using System.Globalization;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Marks every frame of a clip with the image watermark, through ffmpeg pipes of raw yuv420p frames: one ffmpeg
/// decodes the first video stream, the Y plane of one frame in each second (and of the first frame after a scene
/// cut) takes a full image embedding of the 64-bit ID, and the frames between take exactly the same luma deltas
/// (<see cref="FramePattern"/>: the mark does not flicker, and detection can average frames); a second ffmpeg
/// re-encodes with the input's codec family, size, frame rate and bit rate and copies the audio untouched.
/// Memory: two frames and one frame of deltas. An explicit label, when asked for, is put on a frame before its mark
/// (<see cref="VideoLabelPainter"/>), so the mark is embedded over it and the manifest's hard binding covers the
/// labelled frames.
/// </summary>
internal sealed class VideoWatermarker(Watermarker watermarker)
{
    // The video scheme of the caller's key (larger waxels, video PSNR bounds): see Watermarker.Video.
    private readonly Watermarker _scheme = watermarker.Video;

    /// <summary>The shortest shorter side, in pixels, a clip must have to be marked.</summary>
    public const int MinShortSide = 256;

    /// <summary>
    /// Why the frames of a clip shaped as <paramref name="info"/> says cannot be marked, or null when they can: under
    /// <see cref="MinShortSide"/> the mark has too few tiles, and the 4:2:0 frames the pipeline moves need even sides.
    /// </summary>
    public static (MediaError Error, string Reason)? Unmarkable(VideoInfo info) =>
        Math.Min(info.Width, info.Height) < MinShortSide
            ? (MediaError.TooSmall, $"the video is {info.Width}x{info.Height}; the frame watermark needs {MinShortSide} pixels on the shorter side")
            : info.Width % 2 != 0 || info.Height % 2 != 0
                ? (MediaError.UnsupportedFormat, $"the video is {info.Width}x{info.Height}; frames of an odd width or height are not re-encoded")
                : null;

    /// <summary>Marks <paramref name="input"/> into <paramref name="output"/> (container chosen by <paramref name="container"/>: "mp4" or "mov").</summary>
    /// <param name="audio">The clip's audio track, marked, to encode in place of a copy of the input's (<see cref="VideoAudioTrack"/>); null copies it.</param>
    /// <param name="probed">What <see cref="VideoProbe.Probe"/> said of <paramref name="input"/>, when the caller already asked; null probes it.</param>
    public VideoMarkResult Mark(string input, string output, string container, ulong id, MediaLimits limits, IProgress<double>? progress = null,
        ExplicitLabel? label = null, MarkedAudioTrack? audio = null, VideoInfo? probed = null)
    {
        var info = probed ?? VideoProbe.Probe(input, limits);
        if (Unmarkable(info) is { } unmarkable)
        {
            throw new InvalidMediaException(unmarkable.Error, unmarkable.Reason);
        }
        // Drawn before any ffmpeg starts: a label that does not fit is refused without decoding a frame.
        var painter = label is null ? null : VideoLabelPainter.Create(label, info);
        var frameBytes = info.Width * info.Height * 3 / 2;
        var lumaBytes = info.Width * info.Height;

        using var decoder = FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-i", input, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"], redirectInput: false);
        var decoderErrors = FfmpegTool.ReadBoundedAsync(decoder.StandardError, 4096);
        using var encoder = FfmpegTool.Start("ffmpeg", EncoderArguments(info, input, output, container, audio), redirectInput: true);
        var encoderErrors = FfmpegTool.ReadBoundedAsync(encoder.StandardError, 4096);
        _ = encoder.StandardOutput.ReadToEndAsync();
        try
        {
            var frame = new byte[frameBytes];
            var previous = new byte[lumaBytes];
            var pattern = new FramePattern(info.Width, info.Height);
            var source = decoder.StandardOutput.BaseStream;
            var sink = encoder.StandardInput.BaseStream;
            var expectedFrames = Math.Max(1, info.DurationSeconds * info.FramesPerSecond);
            var refreshFrames = Math.Max(1, (int)Math.Round(info.FramesPerSecond * RefreshSeconds));
            var frames = 0;
            var embeddings = 0;
            var sinceEmbedding = 0;
            var psnrSum = 0.0;
            while (source.ReadAtLeast(frame, frameBytes, throwOnEndOfStream: false) == frameBytes)
            {
                painter?.Paint(frame, frames);
                double psnr;
                if (frames == 0 || sinceEmbedding >= refreshFrames || SceneCut(previous, frame, info.Width, info.Height))
                {
                    Buffer.BlockCopy(frame, 0, previous, 0, lumaBytes);
                    psnr = _scheme.Embed(pattern.Record(frame), id).PsnrDb;
                    embeddings++;
                    sinceEmbedding = 0;
                }
                else
                {
                    Buffer.BlockCopy(frame, 0, previous, 0, lumaBytes);
                    var error = pattern.ApplyTo(frame);
                    psnr = error == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * lumaBytes / error);
                }
                sinceEmbedding++;
                // Luma PSNR (chroma is untouched, so over all samples it would read 1.8 dB higher); an unchanged frame counts as 99 dB.
                psnrSum += double.IsInfinity(psnr) ? 99 : psnr;
                sink.Write(frame);
                frames++;
                progress?.Report(Math.Min(1, frames / expectedFrames));
            }
            sink.Close();
            Wait(decoder, decoderErrors, "decoding");
            Wait(encoder, encoderErrors, "encoding");
            if (frames == 0)
            {
                throw new InvalidMediaException(MediaError.Corrupt, "The video stream holds no decodable frame.");
            }
            return new VideoMarkResult(info, frames, psnrSum / frames, embeddings, painter?.Drawn());
        }
        finally
        {
            FfmpegTool.KillQuietly(decoder);
            FfmpegTool.KillQuietly(encoder);
        }
    }

    /// <summary>
    /// A frame's full embedding (host analysis, informed amplitudes, strength) is reused for the frames after it,
    /// until a scene cut or this many seconds, so that amplitudes follow slow changes of content.
    /// </summary>
    private const double RefreshSeconds = 1.0;

    /// <summary>Mean absolute luma change between consecutive frames (levels, on a sparse grid) that counts as a cut.</summary>
    private const int SceneCutLevel = 20;

    /// <summary>
    /// A cut: the mean absolute difference of luma between two frames, on every 8th pixel of every 8th row, is
    /// above <see cref="SceneCutLevel"/>. Camera motion and lighting drift stay well under it.
    /// </summary>
    internal static bool SceneCut(byte[] previous, byte[] frame, int width, int height)
    {
        long sum = 0;
        long count = 0;
        for (var y = 0; y < height; y += 8)
        {
            var row = y * width;
            for (var x = 0; x < width; x += 8)
            {
                sum += Math.Abs(previous[row + x] - frame[row + x]);
                count++;
            }
        }
        return sum > (long)SceneCutLevel * count;
    }

    private static List<string> EncoderArguments(VideoInfo info, string input, string output, string container, MarkedAudioTrack? audio)
    {
        var arguments = new List<string>
        {
            "-nostdin", "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{info.Width}x{info.Height}", "-r", info.FrameRate, "-i", "-",
        };
        // The frames are re-encoded; every other track of the input is kept, and its tags (title, artist, creation
        // time, ...), which ffmpeg would otherwise take from the raw frames' input, which has none. The first audio
        // track is the marked one when there is one (a clip's other sound tracks, e.g. a 5.1 mix beside the stereo
        // one, and its subtitles are copied as they are: a signed file used to lose them).
        if (audio is null)
        {
            arguments.AddRange(["-i", input, "-map", "0:v:0", "-map", "1:a?", "-map", "1:s?", "-c:a", "copy", "-c:s", "copy", "-map_metadata", "1"]);
        }
        else
        {
            arguments.AddRange([.. audio.InputArguments(), "-i", input, "-map", "0:v:0", "-map", "1:a:0", "-map", "2:a?", "-map", "-2:a:0?",
                "-map", "2:s?", "-c:a", "copy", "-c:s", "copy", "-map_metadata", "2", .. audio.OutputArguments()]);
        }
        var hevc = info.Codec == "hevc";
        arguments.AddRange(hevc ? ["-c:v", "libx265", "-tag:v", "hvc1"] : ["-c:v", "libx264"]);
        if (info.BitRate is { } bitRate and > 0)
        {
            // One-pass ABR at the input's rate. x264's default rate tolerance undershoots short clips by about 20%
            // (a 2 s 640x480 clip: 0.81 of the target); ratetol=0.5 with a one-second buffer gave 0.91.
            var rate = bitRate.ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(["-b:v", rate, "-bufsize", rate]);
            arguments.AddRange(hevc ? ["-x265-params", "log-level=error"] : ["-x264-params", "ratetol=0.5"]);
        }
        else
        {
            arguments.AddRange(["-crf", "20"]);
            if (hevc)
            {
                arguments.AddRange(["-x265-params", "log-level=error"]);
            }
        }
        // A keyframe every 2 s (x264 defaults to 250 frames): Verify decodes keyframes only, and needs several.
        var gop = Math.Max(1, (int)Math.Round(info.FramesPerSecond * 2)).ToString(CultureInfo.InvariantCulture);
        arguments.AddRange(["-g", gop, "-pix_fmt", "yuv420p", "-f", container, output]);
        return arguments;
    }

    private static void Wait(Process process, Task<string> errors, string what)
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
        {
            FfmpegTool.KillQuietly(process);
            throw new TimeoutException($"ffmpeg {what} did not finish");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"ffmpeg failed {what} the video: {errors.Result.Trim()}");
        }
    }
}

/// <summary>
/// What marking did: the input's facts, the frames marked, the mean over frames of the mark's luma PSNR (dB; against
/// the labelled frame where a label was drawn), how many frames got a full embedding (the others reused its pattern),
/// and the explicit label drawn (null when none was asked for).
/// </summary>
internal sealed record VideoMarkResult(VideoInfo Info, int Frames, double MeanLumaPsnrDb, int Embeddings, DrawnLabel? Label = null);
