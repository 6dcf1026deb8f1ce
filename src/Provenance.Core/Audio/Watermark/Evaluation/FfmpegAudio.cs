using System.Globalization;
using System.Runtime.InteropServices;
using Provenance.Core.External;

namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>
/// Decodes and re-encodes audio with the ffmpeg command-line tool through pipes (raw 32-bit float PCM in and out,
/// encoded bytes held in memory), for the watermark's robustness harness and tests. Every call is bounded: output
/// bytes, and a timeout after which the process is killed.
/// </summary>
internal static class FfmpegAudio
{
    public const long MaxOutputBytes = 512L * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Decodes the first audio stream of a file (at most <paramref name="maxSeconds"/>), keeping its rate and channels.</summary>
    public static PcmAudio DecodeFile(string path, double maxSeconds)
    {
        var probe = System.Text.Encoding.ASCII.GetString(Run("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate,channels", "-of", "csv=p=0", path], null).Span).Trim();
        var parts = probe.Split(',');
        if (parts.Length < 2)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, $"ffprobe found no audio stream in {Path.GetFileName(path)}.");
        }
        int rate = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int channels = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var raw = Run("ffmpeg", ["-v", "error", "-i", path, "-t", maxSeconds.ToString(CultureInfo.InvariantCulture), "-map", "0:a:0",
            "-f", "f32le", "-acodec", "pcm_f32le", "-ar", rate.ToString(CultureInfo.InvariantCulture), "-ac", channels.ToString(CultureInfo.InvariantCulture), "pipe:1"], null);
        return PcmAudio.FromFloatBytes(raw.Span, channels, rate);
    }

    /// <summary>Encodes with the given ffmpeg output options (codec, bitrate, container) and decodes the result back
    /// to float PCM at <paramref name="outRate"/> (default: the input's rate) and the input's channel count.</summary>
    public static PcmAudio RoundTrip(PcmAudio audio, string[] encodeOptions, int? outRate = null)
    {
        var encoded = Run("ffmpeg", [.. InputOptions(audio), .. encodeOptions, "pipe:1"], ToBytes(audio)).ToArray();
        var raw = Run("ffmpeg", ["-v", "error", "-i", "pipe:0", "-f", "f32le", "-acodec", "pcm_f32le",
            "-ar", (outRate ?? audio.SampleRate).ToString(CultureInfo.InvariantCulture), "-ac", audio.Channels.ToString(CultureInfo.InvariantCulture), "pipe:1"], encoded);
        return PcmAudio.FromFloatBytes(raw.Span, audio.Channels, outRate ?? audio.SampleRate);
    }

    /// <summary>Encodes to a file with the given ffmpeg output options (codec, bitrate, container).</summary>
    public static void EncodeFile(PcmAudio audio, string[] encodeOptions, string path) =>
        Run("ffmpeg", [.. InputOptions(audio), .. encodeOptions, "-y", path], ToBytes(audio));

    /// <summary>Runs an ffmpeg audio filter chain; the output has <paramref name="outRate"/> and <paramref name="outChannels"/>.</summary>
    public static PcmAudio Filter(PcmAudio audio, string filter, int outRate, int outChannels)
    {
        var raw = Run("ffmpeg", [.. InputOptions(audio), "-af", filter, "-f", "f32le", "-acodec", "pcm_f32le",
            "-ar", outRate.ToString(CultureInfo.InvariantCulture), "-ac", outChannels.ToString(CultureInfo.InvariantCulture), "pipe:1"], ToBytes(audio));
        return PcmAudio.FromFloatBytes(raw.Span, outChannels, outRate);
    }

    private static string[] InputOptions(PcmAudio audio) =>
        ["-v", "error", "-f", "f32le", "-ar", audio.SampleRate.ToString(CultureInfo.InvariantCulture),
         "-ac", audio.Channels.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0"];

    private static byte[] ToBytes(PcmAudio audio) => MemoryMarshal.AsBytes(audio.Samples.AsSpan()).ToArray();

    private static ReadOnlyMemory<byte> Run(string tool, string[] arguments, byte[]? input)
    {
        var run = FfmpegTool.RunPiped(tool, arguments, input, MaxOutputBytes, Timeout);
        if (run.OutputCut)
        {
            throw new InvalidOperationException($"{tool} produced more than {MaxOutputBytes} bytes.");
        }
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({run.ExitCode}): {run.Errors}");
        }
        return run.Output;
    }
}
