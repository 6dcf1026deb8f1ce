using System.Diagnostics;
using Provenance.Core.Video;
using Provenance.Core.Video.Evaluation;
using Provenance.Testing;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// The robustness harness's attacks are real ffmpeg commands that make what their names say: each one run on a
/// 1 s test-pattern clip (ffmpeg's testsrc2, 480x360) gives a decodable file of the expected size and frame rate.
/// </summary>
public sealed class VideoAttackSuiteTests
{
    [Fact]
    public void Every_attack_makes_the_file_its_name_says()
    {
        using var temp = new TempFolder("video-attacks-");
        var work = temp.Path;
        var source = Path.Combine(work, "source.mp4");
        Run("-f", "lavfi", "-i", "testsrc2=size=480x360:rate=30:duration=1", "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p", source);
        var info = VideoProbe.Probe(source, MediaLimits.Default);
        foreach (var attack in VideoAttackSuite.All.Where(a => a.Applies(info)))
        {
            var output = Path.Combine(work, $"{attack.Name}.{attack.Extension}");
            Run(["-i", source, "-map", "0:v:0", .. attack.Arguments(info), output]);
            var result = VideoProbe.Probe(output, MediaLimits.Default);
            var expected = attack.Name switch
            {
                "crop-10pct-per-side" => (384, 288),
                "letterbox-pad" => (640, 360),
                "screen-recording" => (384, 288),
                _ => (480, 360),
            };
            Assert.True((result.Width, result.Height) == expected, $"{attack.Name}: {result.Width}x{result.Height}");
            var fps = attack.Name switch { "fps-15" => 15.0, "fps-24" => 24.0, _ => 30.0 };
            Assert.True(Math.Abs(result.FramesPerSecond - fps) < 0.01, $"{attack.Name}: {result.FramesPerSecond} fps");
        }
        // A platform does not "downscale" a 360-line clip to 360, 480 or 720 lines.
        Assert.DoesNotContain(VideoAttackSuite.All, a => a.Name.StartsWith("downscale", StringComparison.Ordinal) && a.Applies(info));
    }

    [Fact]
    public void Segment_offsets_cover_the_clip_and_fit_a_whole_segment()
    {
        var settings = new VideoBenchSettings(3, 4, 1, 0, 1);
        var offsets = VideoRobustnessRunner.Offsets(15, settings);
        Assert.Equal(4, offsets.Count);
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets[^1] + 3 <= 15 && offsets[^1] > 11.5);
    }

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-y", "-v", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "ffmpeg took over two minutes");
        Assert.True(process.ExitCode == 0, "ffmpeg failed: " + errors.Result);
    }
}
