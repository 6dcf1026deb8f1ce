using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Audio;

/// <summary>
/// Every file of ../shared/corpus/audio (three voice clips, three pieces of music) made into each audio format the
/// service signs, by ffmpeg, at test time: WAV 16-bit, MP3 128 kbit/s, FLAC, M4A (AAC 128 kbit/s); the voice clips
/// also as 24-bit and 32-bit float WAV. Music is cut to its first 8 s so the set stays a few MB.
/// </summary>
internal static class AudioCorpusFiles
{
    public static string Corpus => Path.Combine(RepositoryPaths.Shared, "corpus", "audio");

    /// <summary>(file name suffix and extension, ffmpeg codec options) for each variant made from every corpus file.</summary>
    private static readonly (string Suffix, string[] Options)[] Everywhere =
    [
        ("s16.wav", ["-c:a", "pcm_s16le"]),
        ("128k.mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]),
        ("flac", ["-c:a", "flac"]),
        ("aac128k.m4a", ["-c:a", "aac", "-b:a", "128k"]),
    ];

    private static readonly (string Suffix, string[] Options)[] VoiceOnly =
    [
        ("s24.wav", ["-c:a", "pcm_s24le"]),
        ("f32.wav", ["-c:a", "pcm_f32le"]),
    ];

    /// <summary>Makes the set in <paramref name="directory"/> and returns the paths, in name order.</summary>
    public static IReadOnlyList<string> Make(string directory)
    {
        var made = new List<string>();
        foreach (var source in Directory.GetFiles(Corpus).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(source);
            var voice = source.EndsWith(".wav", StringComparison.Ordinal);
            foreach (var (suffix, options) in voice ? [.. Everywhere, .. VoiceOnly] : Everywhere)
            {
                var output = Path.Combine(directory, $"{name}.{suffix}");
                Ffmpeg(["-i", source, "-t", "8", "-map", "0:a", "-map_metadata", "-1", .. options, output]);
                made.Add(output);
            }
        }
        return made;
    }

    public static string Ffmpeg(params string[] arguments) =>
        ExternalTool.Run("ffmpeg", ["-nostdin", "-y", "-v", "error", .. arguments], Path.GetTempPath(), TimeSpan.FromMinutes(1));

    /// <summary>The MD5 of every packet of the file's first audio stream, as ffmpeg demuxes it (no decoding).</summary>
    public static string PacketMd5s(string file) => Ffmpeg("-i", file, "-map", "0:a:0", "-c", "copy", "-f", "framemd5", "-");

    /// <summary>Codec, sample format, bits per sample, sample rate, channels and bit rate of the first audio stream, as ffprobe says.</summary>
    public static string StreamFacts(string file) =>
        ExternalTool.Run("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries",
            "stream=codec_name,sample_fmt,bits_per_raw_sample,sample_rate,channels,bit_rate", "-of", "compact", file], Path.GetTempPath(), TimeSpan.FromMinutes(1)).Trim();
}
