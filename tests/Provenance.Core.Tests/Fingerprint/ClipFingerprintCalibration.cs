using System.Globalization;
using Provenance.Core.Fingerprint;
using Provenance.Core.Video;
using Provenance.Testing.Media;
using Xunit.Abstractions;

namespace Provenance.Core.Tests.Fingerprint;

/// <summary>
/// The measurement behind <see cref="ClipFingerprintMatcher.Threshold"/> (docs/video.md, "Fingerprint"): every corpus
/// clip is fingerprinted whole, as Sign does; 3-s segments starting every second are cut, scaled to 480p and
/// re-encoded H.264 CRF 28; each segment is matched, as Verify does, against its own clip's record and against
/// every other clip's. About a minute of ffmpeg, so it runs only with PROVENANCE_VIDEO_FINGERPRINT_CALIBRATION=1:
/// <c>PROVENANCE_VIDEO_FINGERPRINT_CALIBRATION=1 dotnet test tests/Provenance.Core.Tests --filter ClipFingerprintCalibration
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ClipFingerprintCalibration(ITestOutputHelper output)
{
    [Fact]
    public void Segments_of_the_same_clip_score_above_the_threshold_and_other_clips_below()
    {
        if (Environment.GetEnvironmentVariable("PROVENANCE_VIDEO_FINGERPRINT_CALIBRATION") != "1")
        {
            output.WriteLine("skipped: set PROVENANCE_VIDEO_FINGERPRINT_CALIBRATION=1");
            return;
        }
        var clips = Directory.GetFiles(Path.GetDirectoryName(VideoClips.Corpus("box.mp4"))!, "*.mp4").Order(StringComparer.Ordinal).ToList();
        var infos = clips.Select(c => VideoProbe.Probe(c, MediaLimits.Default)).ToList();
        var records = clips.Select((c, i) => ClipSampler.Fingerprint(c, infos[i])).ToList();
        var directory = Directory.CreateTempSubdirectory("clip-calibration-");
        var same = new List<double>();
        var other = new List<double>();
        try
        {
            for (var i = 0; i < clips.Count; i++)
            {
                var sameScores = new List<double>();
                var otherScores = new List<double>();
                for (var start = 0.0; start + 3 <= infos[i].DurationSeconds; start += 1)
                {
                    var segment = Path.Combine(directory.FullName, $"{i}-{start}.mp4");
                    VideoClips.ReEncodedSegment(clips[i], segment, start, 3, 480, 28);
                    var info = VideoProbe.Probe(segment, MediaLimits.Default);
                    for (var j = 0; j < clips.Count; j++)
                    {
                        var score = ClipFingerprintMatcher.Match(records[j], ClipSampler.Segment(segment, info, records[j])).Score;
                        (i == j ? sameScores : otherScores).Add(score);
                    }
                    File.Delete(segment);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(clips[i]),-22} {sameScores.Count,3} segments  same: min {sameScores.Min():0.000} mean {sameScores.Average():0.000}  other clips: max {otherScores.Max():0.000} mean {otherScores.Average():0.000}"));
                same.AddRange(sameScores);
                other.AddRange(otherScores);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all: {same.Count} same pairs, min {same.Min():0.000}; {other.Count} other pairs, max {other.Max():0.000}; threshold {ClipFingerprintMatcher.Threshold}"));
        Assert.True(same.Min() >= ClipFingerprintMatcher.Threshold, "a segment missed its own clip");
        Assert.True(other.Max() < ClipFingerprintMatcher.Threshold, "a segment matched another clip");
    }
}
