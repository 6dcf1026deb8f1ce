namespace Provenance.Testing.Media;

/// <summary>
/// Short clips made with ffmpeg at test time from the corpus (../shared/corpus/video), so no video is committed:
/// a cut of box.mp4 and the re-encode an upload pipeline applies (metadata and the C2PA/XMP boxes dropped).
/// </summary>
internal static class VideoClips
{
    /// <summary>2 s of box.mp4 at 640x480, H.264 CRF 18, no audio, written to <paramref name="path"/>.</summary>
    public static void CutBox(string path) =>
        Ffmpeg.Run("-ss", "3", "-i", Path.Combine(RepositoryPaths.Shared, "corpus", "video", "box.mp4"), "-t", "2",
            "-vf", "scale=640:480", "-c:v", "libx264", "-crf", "18", "-an", path);

    /// <summary>2 s of another corpus clip (megamind.mp4) at 640x480, H.264 CRF 18, no audio: content no record was made of.</summary>
    public static void CutOther(string path) =>
        Ffmpeg.Run("-ss", "4", "-i", Path.Combine(RepositoryPaths.Shared, "corpus", "video", "megamind.mp4"), "-t", "2",
            "-vf", "scale=640:480", "-c:v", "libx264", "-crf", "18", "-an", path);

    /// <summary>H.264 CRF 23 with every metadata field dropped (ffmpeg writes no C2PA or XMP uuid box).</summary>
    public static void ReEncode(string input, string output) =>
        Ffmpeg.Run("-i", input, "-map_metadata", "-1", "-c:v", "libx264", "-crf", "23", "-an", output);

    /// <summary>
    /// <paramref name="seconds"/> of <paramref name="input"/> from <paramref name="start"/>, scaled to
    /// <paramref name="height"/> lines (width kept even) and re-encoded H.264 at <paramref name="crf"/>, metadata and audio dropped:
    /// what a platform that trims and transcodes an upload leaves.
    /// </summary>
    public static void ReEncodedSegment(string input, string output, double start, double seconds, int height, int crf) =>
        Ffmpeg.Run("-ss", start.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), "-i", input,
            "-t", seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), "-map_metadata", "-1",
            "-vf", $"scale=-2:{height}", "-c:v", "libx264", "-crf", crf.ToString(System.Globalization.CultureInfo.InvariantCulture), "-an", output);

    /// <summary>A corpus clip (../shared/corpus/video) by file name.</summary>
    public static string Corpus(string name) => Path.Combine(RepositoryPaths.Shared, "corpus", "video", name);
}
