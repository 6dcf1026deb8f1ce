using System.Diagnostics;

namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>Median wall times of one run of the cost comparison (seconds).</summary>
internal sealed record AudioDetectionCostReport(double Seconds, double Decode, double DetectMarked, double DetectUnmarked, bool Found);

/// <summary>
/// What watermark detection adds to a Verify: a file of <c>seconds</c> of music is marked, encoded as MP3 128 kbit/s
/// (and an unmarked copy too), then, in the same run, ffmpeg's decode of the file to PCM (what Verify must do anyway)
/// is timed against detection on the decoded PCM, for the marked file (found on the first segment at no speed
/// change) and the unmarked one (the whole search runs and fails, the worst case).
/// </summary>
internal static class AudioDetectionCost
{
    public static AudioDetectionCostReport Measure(AudioWatermarker watermarker, string source, double seconds, int repeats)
    {
        var audio = FfmpegAudio.DecodeFile(source, seconds);
        const ulong id = 0x5EED_0000_C0FF_EE01;
        var marked = watermarker.Embed(audio, id).Marked;
        string dir = Path.Combine(Path.GetTempPath(), $"provenance-audio-cost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string markedPath = Path.Combine(dir, "marked.mp3"), plainPath = Path.Combine(dir, "plain.mp3");
            string[] mp3 = ["-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"];
            FfmpegAudio.EncodeFile(marked, mp3, markedPath);
            FfmpegAudio.EncodeFile(audio, mp3, plainPath);
            var decode = new List<double>();
            var found = new List<double>();
            var missing = new List<double>();
            bool ok = true;
            for (int r = 0; r < repeats; r++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var pcm = FfmpegAudio.DecodeFile(markedPath, 3600);
                decode.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                t0 = Stopwatch.GetTimestamp();
                var d = watermarker.Detect(pcm);
                found.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                ok &= d.Detected && d.Id == id;
                var plain = FfmpegAudio.DecodeFile(plainPath, 3600);
                t0 = Stopwatch.GetTimestamp();
                watermarker.Detect(plain);
                missing.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            return new AudioDetectionCostReport(audio.DurationSeconds, Median(decode), Median(found), Median(missing), ok);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
