namespace Provenance.Testing.Media;

/// <summary>
/// Audio made with ffmpeg at test time from the corpus voice clip (../shared/corpus/audio/Front_Center.wav, 1.4 s,
/// 48 kHz mono), so no audio is committed: the same clip as WAV, MP3, FLAC or M4A.
/// </summary>
internal static class AudioClips
{
    public static readonly string[] Extensions = ["wav", "mp3", "flac", "m4a"];

    /// <summary>The voice clip in the format <paramref name="path"/>'s extension names, written to <paramref name="path"/>.</summary>
    public static void Voice(string path)
    {
        string[] codec = Path.GetExtension(path) switch
        {
            ".wav" => ["-c:a", "pcm_s16le"],
            ".mp3" => ["-c:a", "libmp3lame", "-b:a", "128k"],
            ".flac" => ["-c:a", "flac"],
            ".m4a" => ["-c:a", "aac", "-b:a", "128k"],
            var other => throw new ArgumentException($"no audio format for '{other}'", nameof(path)),
        };
        Ffmpeg.Run(["-i", Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "Front_Center.wav"), "-map_metadata", "-1", .. codec, path]);
    }

    /// <summary>The voice clip as <paramref name="extension"/> bytes, made in a temporary folder.</summary>
    public static byte[] VoiceBytes(string extension)
    {
        var directory = Directory.CreateTempSubdirectory("audio-clip-");
        try
        {
            var path = Path.Combine(directory.FullName, "voice." + extension);
            Voice(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
