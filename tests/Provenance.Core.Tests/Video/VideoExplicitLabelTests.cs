using System.Globalization;
using System.Text.Json;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Formats.Bmff;
using Provenance.Core.Tests.Labeling.Explicit;
using Provenance.Core.Tests.Pipeline;
using Provenance.Core.Video;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// Sign with an explicit label on a 5-second cut of ../shared/corpus/video/box.mp4 (640 x 480, 29.97 fps, AAC audio),
/// once with the default span (opening) and "AI生成" at the bottom right, once with the opening and the end and
/// "AI-generated" at the top left. Frames are taken out of the signed clips by ffmpeg, and read by Tesseract; the
/// watermark is detected over the label; c2pa-rs (c2pa-node, c2pa-wasm) trusts both clips.
/// </summary>
public sealed class VideoExplicitLabelTests(VideoExplicitLabelTests.LabelledClips clips) : IClassFixture<VideoExplicitLabelTests.LabelledClips>
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.9)]
    public void Tesseract_reads_the_label_off_the_opening_frames(double seconds)
    {
        foreach (var clip in clips.All)
        {
            var frame = clips.Frame(clip, seconds);
            var ocr = Tesseract.ReadLine(clips.CropToPlate(clip, frame), clip.Label.Text.Any(c => c > 127) ? "chi_sim" : "eng");
            Assert.True(Tesseract.FoldSansSerif(ocr.Text) == Tesseract.FoldSansSerif(clip.Label.Text),
                $"{clip.Name} at {seconds} s: read \"{ocr.Text}\" (confidence {ocr.Confidence:F0})");
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.9)]
    public void The_text_is_at_least_5_percent_of_the_shorter_side_on_the_decoded_frames(double seconds)
    {
        foreach (var clip in clips.All)
        {
            var frame = clips.Frame(clip, seconds);
            var ocr = Tesseract.ReadLine(clips.CropToPlate(clip, frame), clip.Label.Text.Any(c => c > 127) ? "chi_sim" : "eng");
            double required = 0.05 * 480;
            int measured = InkRows(frame, clip.Signed.ExplicitLabel!);
            Assert.True(measured >= required && ocr.WordBoxHeight >= required,
                $"{clip.Name} at {seconds} s: pixels {measured}, OCR box {ocr.WordBoxHeight}, required {required:F1}");
        }
    }

    [Fact]
    public void The_opening_span_ends_after_two_seconds_and_the_end_span_covers_the_last_two()
    {
        // 29.97 fps: the opening is frames 0-59 (to 2.002 s); the end span of the 150-frame clip is frames 90-149
        // (from 3.003 s). At 2.5 s neither clip shows the label.
        foreach (var clip in clips.All)
        {
            Assert.False(LooksLabelled(clips.Frame(clip, 2.5), clip.Signed.ExplicitLabel!), $"{clip.Name} at 2.5 s");
        }
        var opening = clips.Opening;
        var both = clips.OpeningAndEnd;
        Assert.False(LooksLabelled(clips.Frame(opening, 4.8), opening.Signed.ExplicitLabel!), "opening span at 4.8 s");
        Assert.True(LooksLabelled(clips.Frame(both, 3.1), both.Signed.ExplicitLabel!), "end span at 3.1 s");
        var ocr = Tesseract.ReadLine(clips.CropToPlate(both, clips.Frame(both, 4.9)), "eng");
        Assert.Equal(Tesseract.FoldSansSerif(both.Label.Text), Tesseract.FoldSansSerif(ocr.Text));
    }

    [Fact]
    public void The_manifest_records_where_and_when_the_label_was_shown()
    {
        foreach (var clip in clips.All)
        {
            var drawn = clip.Signed.ExplicitLabel!;
            using var manifest = JsonDocument.Parse(clip.Signed.ManifestJson);
            var actions = ManifestActions.Find(manifest.RootElement);
            Assert.Equal(["c2pa.created", "c2pa.edited", "c2pa.watermarked"], actions.Select(a => a.GetProperty("action").GetString()));
            var edited = actions[1];
            var changes = edited.GetProperty("changes").EnumerateArray().ToList();
            Assert.Equal(drawn.Times!.Count, changes.Count);
            for (int i = 0; i < changes.Count; i++)
            {
                var region = changes[i].GetProperty("region");
                var shape = region[0].GetProperty("shape");
                Assert.Equal((drawn.X, drawn.Y, drawn.Width, drawn.Height),
                    (shape.GetProperty("origin").GetProperty("x").GetInt32(), shape.GetProperty("origin").GetProperty("y").GetInt32(),
                     shape.GetProperty("width").GetInt32(), shape.GetProperty("height").GetInt32()));
                Assert.Equal("temporal", region[1].GetProperty("type").GetString());
                var time = region[1].GetProperty("time");
                Assert.Equal("npt", time.GetProperty("type").GetString());
                double start = double.Parse(time.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
                double end = double.Parse(time.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);
                Assert.Equal(drawn.Times[i].StartSeconds, start, 3);
                Assert.Equal(drawn.Times[i].EndSeconds, end, 3);
                Assert.True(end - start >= LabelSpans.MinSeconds - 0.001, $"{clip.Name}: shown {start}..{end}");
            }
            Assert.Equal(0, drawn.Times[0].FirstFrame);
            var parameters = edited.GetProperty("parameters");
            Assert.Equal(clip.Label.Span.Name(), parameters.GetProperty("org.provenance.explicit_label.span").GetString());
            Assert.Equal(clip.Label.Text, parameters.GetProperty("org.provenance.explicit_label.text").GetString());
            Assert.Equal(clip.Label.Position.Name(), parameters.GetProperty("org.provenance.explicit_label.position").GetString());
        }
        // The opening alone: one run; with the end: two runs, the second ending on the last frame.
        Assert.Single(clips.Opening.Signed.ExplicitLabel!.Times!);
        var both = clips.OpeningAndEnd.Signed.ExplicitLabel!.Times!;
        Assert.Equal(2, both.Count);
        Assert.Equal(VideoProbe.Probe(clips.OpeningAndEnd.Path, MediaLimits.Default).FrameCount - 1, both[1].LastFrame);
    }

    [Fact]
    public void The_watermark_is_detected_in_the_labelled_clips()
    {
        foreach (var clip in clips.All)
        {
            var detection = new VideoWatermarkDetector(clips.Pipeline.Watermarker).Detect(clip.Path, MediaLimits.Default);
            Assert.True(detection.Detection.Detected, $"{clip.Name}: pilot {detection.Detection.PilotScore:0.0}");
            Assert.Equal(clip.Signed.WatermarkId, detection.Detection.Id);
        }
    }

    [Fact]
    public void Both_reference_validators_trust_the_labelled_clips()
    {
        var problems = new List<string>();
        foreach (var clip in clips.All)
        {
            var verdicts = clips.Verdicts.Where(v => v.File == clip.Path).ToList();
            if (verdicts.Count != 2)
            {
                problems.Add($"{clip.Name}: {verdicts.Count} verdicts");
            }
            problems.AddRange(verdicts.Where(v => v.State != "Trusted" || v.Failures.Count > 0)
                .Select(v => $"{clip.Name} {v.Validator}: {v.State ?? v.Error} [{string.Join(",", v.Failures)}]"));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void A_label_that_does_not_fit_is_refused_before_any_frame_is_decoded()
    {
        // 30 CJK characters at 5% of 480 pixels (24) need over 700 pixels: more than the 640 of the frame.
        var label = new ExplicitLabel(string.Concat(Enumerable.Repeat("人工智能生成", 5)), LabelPosition.BottomRight);
        var output = Path.Combine(clips.Folder, "too-wide.mp4");
        var error = Assert.Throws<InvalidMediaException>(() => clips.Pipeline.Signer.SignVideoFile(clips.Input, output,
            new SignInput(PipelineFixture.Generator, "example-video", "1", null, WatermarkIds.NewId(), null, label)));
        Assert.Equal(MediaError.TooSmall, error.Error);
    }

    /// <summary>Rows of the plate with a pixel brighter than the midpoint between plate and text grey.</summary>
    private static int InkRows(string framePng, DrawnLabel drawn)
    {
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(framePng));
        int threshold = (LabelRaster.PlateGrey + LabelRaster.TextGrey) / 2;
        int first = -1, last = -1;
        for (int y = drawn.Y; y < drawn.Y + drawn.Height; y++)
        {
            var row = decoded.Frame.Row(y);
            for (int x = drawn.X; x < drawn.X + drawn.Width; x++)
            {
                var p = row.Slice(x * decoded.Frame.BytesPerPixel, 3);
                if ((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000 > threshold)
                {
                    first = first < 0 ? y : first;
                    last = y;
                    break;
                }
            }
        }
        return first < 0 ? 0 : last - first + 1;
    }

    /// <summary>
    /// Whether the plate's border ring (outside the text's ink) is the plate's dark neutral grey on the decoded frame:
    /// at least 90% of its pixels within 24 levels of it in every channel.
    /// </summary>
    private static bool LooksLabelled(string framePng, DrawnLabel drawn)
    {
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(framePng));
        int near = 0, total = 0;
        for (int y = drawn.Y; y < drawn.Y + drawn.Height; y++)
        {
            var row = decoded.Frame.Row(y);
            for (int x = drawn.X; x < drawn.X + drawn.Width; x++)
            {
                if (y - drawn.Y > 2 && drawn.Y + drawn.Height - y > 3 && x - drawn.X > 2 && drawn.X + drawn.Width - x > 3)
                {
                    continue;
                }
                var p = row.Slice(x * decoded.Frame.BytesPerPixel, 3);
                total++;
                near += Math.Abs(p[0] - LabelRaster.PlateGrey) <= 24 && Math.Abs(p[1] - LabelRaster.PlateGrey) <= 24 && Math.Abs(p[2] - LabelRaster.PlateGrey) <= 24 ? 1 : 0;
            }
        }
        return near >= 0.9 * total;
    }

    /// <summary>A signed, labelled clip.</summary>
    public sealed record LabelledClip(string Name, string Path, ExplicitLabel Label, SignedContent Signed);

    /// <summary>The 5-second input and its two labelled, signed copies, made once for the class, and their verdicts.</summary>
    public sealed class LabelledClips : IDisposable
    {
        public LabelledClips()
        {
            ReferenceValidators.RequireInstalled();
            Pipeline = new PipelineFixture();
            Folder = Directory.CreateTempSubdirectory("video-label-").FullName;
            Input = System.IO.Path.Combine(Folder, "box-5s.mp4");
            BmffSigningTests.Ffmpeg("-ss", "3", "-i", System.IO.Path.Combine(RepositoryPaths.Shared, "corpus", "video", "box.mp4"), "-t", "5",
                "-c:v", "libx264", "-crf", "18", "-c:a", "aac", Input);
            Opening = Sign("opening", new ExplicitLabel());
            OpeningAndEnd = Sign("opening-and-end", new ExplicitLabel("AI-generated", LabelPosition.TopLeft, LabelSpan.OpeningAndEnd));
            All = [Opening, OpeningAndEnd];
            Verdicts = ReferenceValidators.Validate(All.Select(c => c.Path).ToList(),
                System.IO.Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.TrustAnchorsFile));
        }

        public string Folder { get; }

        public string Input { get; }

        internal PipelineFixture Pipeline { get; }

        public LabelledClip Opening { get; }

        public LabelledClip OpeningAndEnd { get; }

        public IReadOnlyList<LabelledClip> All { get; }

        internal IReadOnlyList<ReferenceVerdict> Verdicts { get; }

        /// <summary>The frame shown at <paramref name="seconds"/>, as ffmpeg decodes it, in a PNG (made once).</summary>
        public string Frame(LabelledClip clip, double seconds)
        {
            var path = System.IO.Path.Combine(Folder, $"{clip.Name}-{seconds.ToString("0.0", CultureInfo.InvariantCulture)}s.png");
            lock (this)
            {
                if (!File.Exists(path))
                {
                    BmffSigningTests.Ffmpeg("-ss", seconds.ToString(CultureInfo.InvariantCulture), "-i", clip.Path, "-frames:v", "1", path);
                }
            }
            return path;
        }

        /// <summary>The frame cropped to the plate where Sign says it drew it (the manifest test checks the manifest says the same).</summary>
        public string CropToPlate(LabelledClip clip, string framePng)
        {
            var drawn = clip.Signed.ExplicitLabel!;
            using var decoded = ImageCodec.Decode(File.ReadAllBytes(framePng));
            using var crop = Crop.Apply(decoded.Frame, drawn.X, drawn.Y, drawn.Width, drawn.Height);
            var path = System.IO.Path.ChangeExtension(framePng, ".plate.png");
            File.WriteAllBytes(path, ImageCodec.Encode(crop, EncodeSettings.Png()));
            return path;
        }

        private LabelledClip Sign(string name, ExplicitLabel label)
        {
            var path = System.IO.Path.Combine(Folder, name + ".mp4");
            var signed = Pipeline.Signer.SignVideoFile(Input, path,
                new SignInput(PipelineFixture.Generator, "example-video", "1", null, WatermarkIds.NewId(), null, label));
            return new LabelledClip(name, path, label, signed);
        }

        public void Dispose()
        {
            Pipeline.Dispose();
            if (Environment.GetEnvironmentVariable("PROVENANCE_KEEP_TEST_FILES") is null)
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }
}
