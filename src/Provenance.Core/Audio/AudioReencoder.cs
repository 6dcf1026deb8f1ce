using System.Globalization;
using Provenance.Core.External;
using Provenance.Core.Formats;

namespace Provenance.Core.Audio;

/// <summary>
/// Probes and decodes an audio file to float samples through ffmpeg with pipes, and reads a mark back from an encoded
/// file (the encode is <see cref="AudioEncoding"/>'s). Bounded: the declared duration
/// is checked against <see cref="MediaLimits.MaxVideoSeconds"/> before decoding, decoded bytes against what that
/// duration needs, and every run against a timeout after which ffmpeg is killed.
/// </summary>
internal static class AudioReencoder
{
    /// <summary>
    /// The largest buffer a decode starts with (64 MiB, about 3 minutes of 48 kHz stereo): a file may declare more
    /// than it holds, so longer decodes grow into their length as it arrives.
    /// </summary>
    private const long MaxFirstBuffer = 64L << 20;

    /// <summary>How long one ffmpeg run may take before it is killed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The demuxers ffmpeg may use on an upload: audio containers only. ffmpeg would otherwise also open playlists
    /// (HLS, concat) that name other files or URLs, image sequences and every video format; an upload must not make
    /// the service read anything but its own bytes.
    /// </summary>
    public const string DemuxerWhitelist =
        "wav,w64,mp3,flac,mov,ogg,matroska,aac,aiff,caf,amr,asf,au,ac3,eac3,dts,wv,ape,tta,mpc,mpc8,truehd,voc";

    public static AudioStreamInfo Probe(string path, MediaLimits limits)
    {
        var text = System.Text.Encoding.UTF8.GetString(Run("ffprobe", ["-v", "error", "-format_whitelist", DemuxerWhitelist, "-select_streams", "a:0",
            "-show_entries", "stream=codec_name,sample_fmt,sample_rate,channels,bit_rate:format=duration,format_name", "-of", "default=noprint_wrappers=1", path],
            null, 1 << 16).Span);
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        if (!fields.TryGetValue("codec_name", out var codec)
            || !int.TryParse(fields.GetValueOrDefault("sample_rate"), CultureInfo.InvariantCulture, out var rate)
            || !int.TryParse(fields.GetValueOrDefault("channels"), CultureInfo.InvariantCulture, out var channels)
            || rate is < PcmAudio.MinSampleRate or > PcmAudio.MaxSampleRate || channels is < 1 or > PcmAudio.MaxChannels)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "ffprobe found no decodable audio stream in the file.");
        }
        long? bitRate = long.TryParse(fields.GetValueOrDefault("bit_rate"), CultureInfo.InvariantCulture, out var b) ? b : null;
        double? duration = double.TryParse(fields.GetValueOrDefault("duration"), CultureInfo.InvariantCulture, out var d) ? d : null;
        if (duration > limits.MaxVideoSeconds)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"The audio lasts {duration:0.#} s; the limit is {limits.MaxVideoSeconds:0.#} s.");
        }
        return new AudioStreamInfo(codec, fields.GetValueOrDefault("sample_fmt"), rate, channels, bitRate, duration, fields.GetValueOrDefault("format_name"));
    }

    /// <summary>The first audio stream's samples at the rate and channel count <paramref name="info"/> gives.</summary>
    public static PcmAudio Decode(string path, AudioStreamInfo info, MediaLimits limits) =>
        Decode(path, info.SampleRate, info.Channels, info.DurationSeconds, limits);

    /// <summary>
    /// The first audio stream's samples at <paramref name="sampleRate"/> and <paramref name="channels"/> (the stream's
    /// own, as ffprobe or the file's header declares them), bounded by what <paramref name="declaredSeconds"/> (or the
    /// length limit, when the length is not declared) needs.
    /// </summary>
    public static PcmAudio Decode(string path, int sampleRate, int channels, double? declaredSeconds, MediaLimits limits)
    {
        var seconds = Math.Min(declaredSeconds ?? limits.MaxVideoSeconds, limits.MaxVideoSeconds);
        long maxBytes = (long)Math.Ceiling((seconds + 1) * sampleRate * channels * sizeof(float));
        var raw = Run("ffmpeg", ["-v", "error", "-nostdin", "-format_whitelist", DemuxerWhitelist, "-i", path, "-map", "0:a:0",
            "-f", "f32le", "-acodec", "pcm_f32le", "-ar", Text(sampleRate), "-ac", Text(channels), "pipe:1"], null, maxBytes,
            expectedOutput: declaredSeconds is null ? 0 : Math.Min(maxBytes, MaxFirstBuffer));
        return PcmAudio.FromFloatBytes(raw.Span, channels, sampleRate);
    }

    /// <summary>
    /// The first <paramref name="seconds"/> of the first audio stream as ffmpeg downmixes it to one channel and
    /// resamples it to <paramref name="sampleRate"/>: all the watermark detector and the fingerprint read (both work
    /// on the mono mix, under 8 kHz). Nothing is probed first, which saves an ffprobe run per call: the output's rate
    /// and channel count are the ones asked for, so its size is bounded by <paramref name="seconds"/> whatever the file
    /// declares. The samples can be read as they arrive; <see cref="ProgressiveAudio.Complete"/> waits for all of them, and
    /// throws Corrupt for a file with no audio stream ffmpeg can decode.
    /// </summary>
    public static ProgressiveAudio StartDecodeMono(string path, int sampleRate, double seconds)
    {
        long maxBytes = (long)Math.Ceiling((seconds + 1) * sampleRate * sizeof(float));
        return new ProgressiveAudio("ffmpeg", ["-v", "error", "-nostdin", "-format_whitelist", DemuxerWhitelist, "-i", path, "-map", "0:a:0",
            "-t", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-f", "f32le", "-acodec", "pcm_f32le", "-ar", Text(sampleRate), "-ac", "1", "pipe:1"],
            sampleRate, maxBytes, Timeout);
    }

    /// <summary>
    /// Whether the first audio stream of the file at <paramref name="path"/> carries <paramref name="id"/> as Verify
    /// reads it (the first <see cref="IAudioWatermark.DetectionSeconds"/> as one channel at
    /// <see cref="IAudioWatermark.DetectionSampleRate"/>): Sign's check of what it has just encoded. The search runs
    /// while ffmpeg decodes, and the decode is stopped once the mark is found; when it is not, the decode's own errors
    /// are reported as <see cref="ProgressiveAudio.Complete"/> reports them.
    /// </summary>
    public static bool ReadsBack(string path, IAudioWatermark scheme, ulong id)
    {
        using var decode = StartDecodeMono(path, IAudioWatermark.DetectionSampleRate, IAudioWatermark.DetectionSeconds);
        return ReadsBack(decode, scheme, id);
    }

    /// <summary>As <see cref="ReadsBack(string, IAudioWatermark, ulong)"/> on a decode already running; stops it once the mark is found.</summary>
    public static bool ReadsBack(ProgressiveAudio decode, IAudioWatermark scheme, ulong id)
    {
        var found = scheme.Detect(decode);
        if (found is { Detected: true } && found.Id == id)
        {
            decode.Stop();
            return true;
        }
        decode.Complete();
        return false;
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs the tool, feeding <paramref name="input"/>; returns stdout (at most <paramref name="maxOutput"/> bytes, else TooLarge; about <paramref name="expectedOutput"/> when known).</summary>
    private static ReadOnlyMemory<byte> Run(string tool, IEnumerable<string> arguments, byte[]? input, long maxOutput, long expectedOutput = 0)
    {
        var run = FfmpegTool.RunPiped(tool, arguments, input, maxOutput, Timeout, expectedOutput);
        if (run.OutputCut)
        {
            throw new InvalidMediaException(MediaError.TooLarge, "The decoded audio is longer than the file declares.");
        }
        if (run.ExitCode != 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"{tool} could not process the audio: {run.Errors}");
        }
        return run.Output;
    }
}
