namespace Provenance.Testing.Media;

/// <summary>
/// Audio made with ffmpeg at test time from the corpus (the voice clip ../shared/corpus/audio/Front_Center.wav, 1.4 s,
/// 48 kHz mono, too short for the audio watermark; and music long enough for it), so no audio is committed: the same
/// sound as WAV, MP3, FLAC or M4A.
/// </summary>
internal static class AudioClips
{
    public static readonly string[] Extensions = ["wav", "mp3", "flac", "m4a"];

    /// <summary>The voice clip in the format <paramref name="path"/>'s extension names, written to <paramref name="path"/>.</summary>
    public static void Voice(string path)
    {
        Ffmpeg.Run(["-i", Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "Front_Center.wav"), "-map_metadata", "-1", .. Codec(path), path]);
    }

    private static string[] Codec(string path) => Path.GetExtension(path) switch
    {
        ".wav" => ["-c:a", "pcm_s16le"],
        ".mp3" => ["-c:a", "libmp3lame", "-b:a", "128k"],
        ".flac" => ["-c:a", "flac"],
        ".m4a" => ["-c:a", "aac", "-b:a", "128k"],
        var other => throw new ArgumentException($"no audio format for '{other}'", nameof(path)),
    };

    /// <summary>
    /// <paramref name="seconds"/> of the corpus's love_theme.ogg (44.1 kHz stereo music) in the format
    /// <paramref name="path"/>'s extension names: long enough to carry the audio watermark.
    /// </summary>
    public static void Music(string path, double seconds = 12) =>
        Ffmpeg.Run(["-i", Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "love_theme.ogg"), "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-map_metadata", "-1", .. Codec(path), path]);

    /// <summary><paramref name="source"/> (any audio ffmpeg reads) in the format <paramref name="path"/>'s extension names, tags dropped.</summary>
    public static void Convert(string source, string path) =>
        Ffmpeg.Run(["-i", source, "-map", "0:a:0", "-map_metadata", "-1", .. Codec(path), path]);

    /// <summary>The voice clip as <paramref name="extension"/> bytes, made in a temporary folder.</summary>
    public static byte[] VoiceBytes(string extension)
    {
        using var temp = new TempFolder("audio-clip-");
        var directory = temp.Path;
        var path = Path.Combine(directory, "voice." + extension);
        Voice(path);
        return File.ReadAllBytes(path);
    }
}
