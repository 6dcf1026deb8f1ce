using Provenance.Core.Video;
using Provenance.Core.Watermark;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// The presence gate on video (docs/video.md, "Presence gate"): an unmarked clip whose few keyframes carry none of
/// the sync template's energy is answered from its keyframes, without the fallback's decode of the whole clip, and
/// a marked clip re-encoded the way a platform does it (one keyframe left) still opens the gate and gives its ID.
/// Clips are made at test time: 2 s cuts of the corpus clips box.mp4 and megamind.mp4, and a pan-and-zoom over a
/// corpus photo (content the video corpus does not have). No timings: what is asserted is the gate's decision.
/// </summary>
public sealed class VideoPresenceGateTests : IClassFixture<VideoPresenceGateTests.Clips>
{
    private const ulong Id = 0x0123_4567_89AB_CDEFUL;

    private readonly Clips _clips;

    public VideoPresenceGateTests(Clips clips) => _clips = clips;

    [Theory]
    [InlineData("other")]
    [InlineData("photo")]
    public void An_unmarked_clip_is_answered_from_its_keyframes(string name)
    {
        var trace = new VideoDetectionTrace();

        var result = _clips.Detector.Detect(_clips.Unmarked(name), MediaLimits.Default, trace);

        Assert.False(result.Detection.Detected);
        Assert.True(trace.KeyframeCount is > 0 and < VideoWatermarkDetector.MinKeyframes, $"{trace.KeyframeCount} keyframes");
        Assert.True(trace.KeyframePlane is { GateClosed: true },
            $"{name}: keyframe presence score {trace.KeyframePlane?.PresenceScore:0.00} did not close the gate");
        Assert.False(trace.FallbackRun);
    }

    [Theory]
    [InlineData("box")]
    [InlineData("photo")]
    public void A_marked_clip_reencoded_to_one_keyframe_opens_the_gate(string name)
    {
        var trace = new VideoDetectionTrace();

        var result = _clips.Detector.Detect(_clips.MarkedReEncoded(name), MediaLimits.Default, trace);

        Assert.True(result.Detection.Detected, $"{name}: pilot {result.Detection.PilotScore:0.0}");
        Assert.Equal(Id, result.Detection.Id);
        Assert.Equal(1, trace.KeyframeCount);
        Assert.True(trace.KeyframePlane is { GateClosed: false } && trace.KeyframePlane.PresenceScore >= WatermarkTuning.Video.PresenceThreshold,
            $"{name}: keyframe presence score {trace.KeyframePlane?.PresenceScore:0.00}");
    }

    [Fact]
    public void A_busy_clip_is_left_to_the_fallback()
    {
        // A pan over a circuit board: textured nearly everywhere, where one marked keyframe scored like a clean
        // frame in calibration. The gate does not judge such a plane, so the fallback runs as before.
        var trace = new VideoDetectionTrace();

        var result = _clips.Detector.Detect(_clips.Unmarked("busy"), MediaLimits.Default, trace);

        Assert.False(result.Detection.Detected);
        Assert.True(trace.KeyframePlane is { GateJudged: false } && trace.KeyframePlane.Activity > WatermarkTuning.Video.PresenceMaxActivity,
            $"activity {trace.KeyframePlane?.Activity:0.000}");
        Assert.True(trace.FallbackRun);
    }

    [Fact]
    public void The_gate_only_removes_work()
    {
        // Held open, the detector runs the fallback on the unmarked clip and still finds nothing: what the closed
        // gate skipped would not have changed the answer.
        var trace = new VideoDetectionTrace { Ungated = true };

        var result = _clips.Detector.Detect(_clips.Unmarked("other"), MediaLimits.Default, trace);

        Assert.False(result.Detection.Detected);
        Assert.True(trace.FallbackRun);
        Assert.False(trace.Missed);
    }

    [Fact]
    public void A_flat_first_keyframe_is_not_judged_and_the_fallback_finds_the_mark()
    {
        // A fade from black: the one keyframe is black, carries no pattern, and its low presence score says nothing
        // about the clip. The gate must leave it to the fallback, which pools frames from all of the clip.
        var trace = new VideoDetectionTrace();

        var result = _clips.Detector.Detect(_clips.MarkedFadeIn, MediaLimits.Default, trace);

        Assert.True(result.Detection.Detected, $"pilot {result.Detection.PilotScore:0.0}");
        Assert.Equal(Id, result.Detection.Id);
        Assert.Equal(1, trace.KeyframeCount);
        Assert.True(trace.KeyframePlane is { GateJudged: false }, $"activity {trace.KeyframePlane?.Activity:0.000} was judged");
        Assert.Equal(2, trace.FoundStage);
    }

    /// <summary>The clips, made once for the class.</summary>
    public sealed class Clips : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("video-gate-").FullName;

        public Clips()
        {
            var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
            Detector = new VideoWatermarkDetector(watermarker);
            VideoClips.CutBox(Path("box.mp4"));
            VideoClips.CutOther(Path("other.mp4"));
            PanAndZoom("Garden.jpg", Path("photo.mp4"));
            PanAndZoom("board.jpg", Path("busy.mp4"));
            foreach (var name in (string[])["box", "photo"])
            {
                new VideoWatermarker(watermarker).Mark(Path($"{name}.mp4"), Path($"{name}.marked.mp4"), "mp4", Id, MediaLimits.Default);
                // x264's default keyframe interval (250 frames) leaves one keyframe in the 2 s clip.
                VideoClips.ReEncode(Path($"{name}.marked.mp4"), Path($"{name}.reencoded.mp4"));
            }
            Ffmpeg.Run("-i", Path("box.marked.mp4"), "-map_metadata", "-1", "-vf", "fade=t=in:st=0:d=0.5", "-c:v", "libx264", "-crf", "23", "-an",
                Path("box.fadein.mp4"));
            foreach (var name in (string[])["other", "photo", "busy"])
            {
                VideoClips.ReEncode(Path($"{name}.mp4"), Path($"{name}.unmarked.mp4"));
            }
        }

        internal VideoWatermarkDetector Detector { get; }

        public string Unmarked(string name) => Path($"{name}.unmarked.mp4");

        public string MarkedReEncoded(string name) => Path($"{name}.reencoded.mp4");

        /// <summary>The marked box clip re-encoded with a 0.5 s fade from black: its one keyframe is black.</summary>
        public string MarkedFadeIn => Path("box.fadein.mp4");

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        /// <summary>2 s of slow zoom over a corpus photo at 1280x720, as slideshow generators move a still.</summary>
        private static void PanAndZoom(string photo, string output) =>
            Ffmpeg.Run("-loop", "1", "-i", System.IO.Path.Combine(RepositoryPaths.Photos, photo), "-vf",
                "scale=1920:1080:force_original_aspect_ratio=increase,crop=1920:1080,zoompan=z='1+0.0015*on':x='iw/2-(iw/zoom/2)+on':y='ih/2-(ih/zoom/2)':d=60:s=1280x720:fps=30,format=yuv420p",
                "-frames:v", "60", "-c:v", "libx264", "-crf", "18", output);

        private string Path(string file) => System.IO.Path.Combine(_directory, file);
    }
}
