using System.Text.Json;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Pipeline;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Testing;

namespace Provenance.Core.Tests.Labeling.Explicit;

/// <summary>
/// Sign with an explicit label, end to end on corpus photos: an independent OCR reads the label, the text is tall
/// enough, the manifest records where the label is, c2pa-rs trusts the file, and the watermark drawn over the
/// label still reads.
/// </summary>
public sealed class ExplicitLabelPipelineTests(ExplicitLabelCorpus corpus) : IClassFixture<ExplicitLabelCorpus>
{
    [Fact]
    public void Tesseract_reads_the_label_off_every_signed_file()
    {
        // Every corpus photo, plus the WebP, the 256-pixel copy and the Latin label.
        Assert.Equal(Directory.GetFiles(RepositoryPaths.Photos).Count(f => f.EndsWith(".jpg") || f.EndsWith(".png")) + 3, corpus.Files.Count);
        var misread = corpus.Files
            .Where(f => SansSerif(f.Ocr!.Text) != SansSerif(f.Request.Text))
            .Select(f => $"{f.Name} {f.Width}x{f.Height} {f.Request.Position}: read \"{f.Ocr!.Text}\" (confidence {f.Ocr.Confidence:F0})")
            .ToList();
        Assert.Empty(misread);
    }

    [Fact]
    public void The_text_is_at_least_5_percent_of_the_shorter_side_as_measured_on_the_signed_pixels_and_by_the_OCR()
    {
        var problems = new List<string>();
        foreach (var file in corpus.Files)
        {
            double required = 0.05 * Math.Min(file.Width, file.Height);
            int measured = InkRows(file);
            if (measured < required || file.Ocr!.WordBoxHeight < required)
            {
                problems.Add($"{file.Name} {file.Width}x{file.Height}: pixels {measured}, OCR box {file.Ocr!.WordBoxHeight}, required {required:F1}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void The_manifest_records_a_c2pa_edited_action_with_the_label_region_between_created_and_watermarked()
    {
        foreach (var file in corpus.Files)
        {
            var drawn = file.Signed.ExplicitLabel!;
            using var manifest = JsonDocument.Parse(file.Signed.ManifestJson);
            var actions = ManifestActions.Find(manifest.RootElement);
            Assert.Equal(["c2pa.created", "c2pa.edited", "c2pa.watermarked"], actions.Select(a => a.GetProperty("action").GetString()));
            var edited = actions[1];
            var shape = edited.GetProperty("changes")[0].GetProperty("region")[0].GetProperty("shape");
            Assert.Equal("rectangle", shape.GetProperty("type").GetString());
            Assert.Equal("pixel", shape.GetProperty("unit").GetString());
            Assert.Equal(drawn.X, shape.GetProperty("origin").GetProperty("x").GetInt32());
            Assert.Equal(drawn.Y, shape.GetProperty("origin").GetProperty("y").GetInt32());
            Assert.Equal(drawn.Width, shape.GetProperty("width").GetInt32());
            Assert.Equal(drawn.Height, shape.GetProperty("height").GetInt32());
            var parameters = edited.GetProperty("parameters");
            Assert.Equal(file.Request.Text, parameters.GetProperty("org.provenance.explicit_label.text").GetString());
            Assert.Equal(file.Request.Position.Name(), parameters.GetProperty("org.provenance.explicit_label.position").GetString());
            Assert.Equal(drawn.TextHeight, parameters.GetProperty("org.provenance.explicit_label.textHeight").GetInt32());
        }
    }

    [Fact]
    public void Both_reference_validators_trust_every_labelled_file()
    {
        var problems = new List<string>();
        foreach (var file in corpus.Files)
        {
            var verdicts = corpus.Verdicts.Where(v => v.File == file.Path).ToList();
            if (verdicts.Count != 2)
            {
                problems.Add($"{file.Name}: {verdicts.Count} verdicts");
            }
            problems.AddRange(verdicts.Where(v => v.State != "Trusted" || v.Failures.Count > 0)
                .Select(v => $"{file.Name} {v.Validator}: {v.State ?? v.Error} [{string.Join(",", v.Failures)}]"));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Every_labelled_file_is_verified_and_its_watermark_read()
    {
        foreach (var file in corpus.Files)
        {
            var outcome = await corpus.Pipeline.Verifier.VerifyAsync(file.Signed.Bytes, null, false, records: null, default);
            Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
            Assert.Equal(ValidationState.Trusted, outcome.Embedded.State);
            Assert.Equal(file.Signed.WatermarkIdHex, outcome.WatermarkId);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public void A_photo_turned_by_its_EXIF_orientation_shows_the_label_upright_at_the_requested_corner(int orientation)
    {
        // The photo stored with an EXIF Orientation tag; ImageMagick (-auto-orient) turns the signed file as a viewer
        // would, and Tesseract must read the label at the bottom-right of what it shows.
        using var decoded = ImageCodec.Decode(PipelineFixture.Photo("home.jpg"));
        var photo = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(92), AssetMetadata.Empty with { Exif = OrientationExif(orientation) });
        var label = new ExplicitLabel(ExplicitLabel.DefaultText, LabelPosition.BottomRight);
        var signed = corpus.Pipeline.Signer.Sign(photo, new SignInput(PipelineFixture.Generator, "example-diffusion", "2.1", null, WatermarkIds.NewId(), null, label));

        var stored = Path.Combine(corpus.Folder, $"oriented-{orientation}.jpg");
        var shown = Path.Combine(corpus.Folder, $"oriented-{orientation}-shown.png");
        File.WriteAllBytes(stored, signed.Bytes);
        ExternalTool.Run("convert", [stored, "-auto-orient", shown], corpus.Folder, TimeSpan.FromMinutes(1));
        using var display = ImageCodec.Decode(File.ReadAllBytes(shown));
        bool swapped = orientation >= 5;
        Assert.Equal(swapped ? decoded.Frame.Height : decoded.Frame.Width, display.Frame.Width);
        // Where the label goes on an image of the displayed size must be where it is shown. The plate in the stored
        // grid is that plate turned, grown by at most a pixel on each side to the 4:2:0 chroma grid.
        var expected = LabelRenderer.Render(label, display.Frame.Width, display.Frame.Height);
        var drawn = signed.ExplicitLabel!;
        Assert.InRange(drawn.Width - (swapped ? expected.Height : expected.Width), 0, 2);
        Assert.InRange(drawn.Height - (swapped ? expected.Width : expected.Height), 0, 2);
        using var crop = Crop.Apply(display.Frame, expected.X, expected.Y, expected.Width, expected.Height);
        var cropPath = Path.Combine(corpus.Folder, $"oriented-{orientation}-label.png");
        File.WriteAllBytes(cropPath, ImageCodec.Encode(crop, EncodeSettings.Png()));

        Assert.Equal(SansSerif(label.Text), SansSerif(Tesseract.ReadLine(cropPath, "chi_sim").Text));
    }

    /// <summary>A little-endian TIFF structure holding one IFD0 entry: Orientation (274), SHORT, <paramref name="value"/>.</summary>
    private static byte[] OrientationExif(int value) =>
    [
        (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0,
        1, 0,
        0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)value, 0, 0, 0,
        0, 0, 0, 0,
    ];

    [Theory]
    [InlineData("baboon.jpg", LabelPosition.BottomRight)]
    [InlineData("building.jpg", LabelPosition.TopLeft)]
    [InlineData("chicky_512.png", LabelPosition.BottomCenter)]
    [InlineData("leuvenA.jpg", LabelPosition.TopRight)]
    public void Every_attack_the_watermark_survives_without_the_label_it_survives_with_it(string photo, LabelPosition position)
    {
        // The same ID and the same attack seeds both ways: the label is the only difference.
        const ulong id = 0x5EC0DE0123456789;
        var bytes = PipelineFixture.Photo(photo);
        var plain = corpus.Pipeline.Signer.Sign(bytes, new SignInput(PipelineFixture.Generator, "example-diffusion", "2.1", null, id, null));
        var labelled = corpus.Pipeline.Signer.Sign(bytes, new SignInput(PipelineFixture.Generator, "example-diffusion", "2.1", null, id, null,
            new ExplicitLabel(ExplicitLabel.DefaultText, position)));

        var withoutLabel = Survived(plain.Bytes, id);
        var withLabel = Survived(labelled.Bytes, id);
        Assert.Contains("jpeg q75", withoutLabel);
        Assert.Empty(withoutLabel.Except(withLabel));
    }

    private HashSet<string> Survived(byte[] signed, ulong id)
    {
        using var decoded = ImageCodec.Decode(signed);
        var survived = new HashSet<string>();
        var random = new Random(45438);
        foreach (var attack in AttackSuite.All)
        {
            using var attacked = attack.Apply(decoded.Frame, new AttackContext(new ProjectCodecs(), new Random(random.Next()), true));
            if (corpus.Pipeline.Watermarker.Detect(attacked) is { Detected: true } found && found.Id == id)
            {
                survived.Add(attack.Name);
            }
        }
        return survived;
    }

    /// <summary>
    /// The text with capital I, lower-case l and the bar folded into one letter. Noto Sans (like every sans-serif
    /// face) draws capital I as a plain bar; Tesseract reads the "AI" of every label as "Al", a person as "AI".
    /// </summary>
    private static string SansSerif(string text) => text.Replace('l', 'I').Replace('|', 'I');

    /// <summary>
    /// Rows of the plate, as decoded from the signed file, where some pixel is brighter than the midpoint between
    /// plate and text grey: the text height a person measuring the image finds.
    /// </summary>
    private static int InkRows(LabelledFile file)
    {
        var drawn = file.Signed.ExplicitLabel!;
        using var decoded = ImageCodec.Decode(file.Signed.Bytes);
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
}
