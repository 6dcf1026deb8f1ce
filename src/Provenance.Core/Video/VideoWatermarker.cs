using Provenance.Core.External;
using System.Diagnostics;
using System.Globalization;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Marks every frame of a clip with the image watermark, through ffmpeg pipes of raw yuv420p frames: one ffmpeg
/// decodes the first video stream, each frame's Y plane takes the 64-bit ID (the keyed pattern is the same in every
/// frame, so it does not flicker and detection can average frames), a second ffmpeg re-encodes with the input's
/// codec family, size, frame rate and bit rate and copies the audio untouched. Memory: two frames. An explicit label,
/// when asked for, is put on a frame before its mark (<see cref="VideoLabelPainter"/>), so the mark is embedded over
/// it and the manifest's hard binding covers the labelled frames.
/// </summary>
internal sealed class VideoWatermarker(Watermarker watermarker)
{
    /// <summary>Marks <paramref name="input"/> into <paramref name="output"/> (container chosen by <paramref name="container"/>: "mp4" or "mov").</summary>
    public VideoMarkResult Mark(string input, string output, string container, ulong id, MediaLimits limits, IProgress<double>? progress = null,
        ExplicitLabel? label = null)
    {
        var info = VideoProbe.Probe(input, limits);
        if (Math.Min(info.Width, info.Height) < 256)
        {
            throw new InvalidMediaException(MediaError.TooSmall, $"The video is {info.Width}x{info.Height}; the watermark needs 256 pixels on the shorter side.");
        }
        if (info.Width % 2 != 0 || info.Height % 2 != 0)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The video is {info.Width}x{info.Height}; odd frame sizes are not supported.");
        }
        // Drawn before any ffmpeg starts: a label that does not fit is refused without decoding a frame.
        var painter = label is null ? null : VideoLabelPainter.Create(label, info);
        var frameBytes = info.Width * info.Height * 3 / 2;
        var lumaBytes = info.Width * info.Height;

        using var decoder = FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-i", input, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"], redirectInput: false);
        var decoderErrors = FfmpegTool.ReadBoundedAsync(decoder.StandardError, 4096);
        using var encoder = FfmpegTool.Start("ffmpeg", EncoderArguments(info, input, output, container), redirectInput: true);
        var encoderErrors = FfmpegTool.ReadBoundedAsync(encoder.StandardError, 4096);
        _ = encoder.StandardOutput.ReadToEndAsync();
        try
        {
            var frame = new byte[frameBytes];
            var source = decoder.StandardOutput.BaseStream;
            var sink = encoder.StandardInput.BaseStream;
            var expectedFrames = Math.Max(1, info.DurationSeconds * info.FramesPerSecond);
            var frames = 0;
            var psnrSum = 0.0;
            while (source.ReadAtLeast(frame, frameBytes, throwOnEndOfStream: false) == frameBytes)
            {
                painter?.Paint(frame, frames);
                var embedding = watermarker.Embed(new LumaPlane(frame, info.Width, info.Height), id);
                // Luma PSNR (chroma is untouched, so over all samples it would read 1.8 dB higher); an unchanged frame counts as 99 dB.
                psnrSum += double.IsInfinity(embedding.PsnrDb) ? 99 : embedding.PsnrDb;
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
            return new VideoMarkResult(info, frames, psnrSum / frames, painter?.Drawn());
        }
        finally
        {
            FfmpegTool.KillQuietly(decoder);
            FfmpegTool.KillQuietly(encoder);
        }
    }

    private static List<string> EncoderArguments(VideoInfo info, string input, string output, string container)
    {
        var arguments = new List<string>
        {
            "-nostdin", "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{info.Width}x{info.Height}", "-r", info.FrameRate, "-i", "-",
            "-i", input, "-map", "0:v:0", "-map", "1:a?", "-c:a", "copy",
        };
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
/// the labelled frame where a label was drawn), and the explicit label drawn (null when none was asked for).
/// </summary>
internal sealed record VideoMarkResult(VideoInfo Info, int Frames, double MeanLumaPsnrDb, DrawnLabel? Label = null);
