using System.Collections.Concurrent;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Pipeline;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Labeling.Explicit;

/// <summary>One file signed with an explicit label, and what the independent tools made of it.</summary>
internal sealed record LabelledFile(string Name, string Path, ExplicitLabel Request, SignedContent Signed, int Width, int Height)
{
    public OcrLine? Ocr { get; set; }
}

/// <summary>
/// Signs, once for the explicit-label tests, every corpus photo with a label (the default text, the positions in
/// turn), plus a WebP, a photo at the smallest size Sign takes (256 pixels on the shorter side) and the Latin
/// "AI-generated"; then asks Tesseract to read every label off a crop of the signed image around the plate, and
/// c2pa-rs (c2pa-node and c2pa-wasm) to validate every file, in one node run.
/// </summary>
public sealed class ExplicitLabelCorpus : IDisposable
{
    public ExplicitLabelCorpus()
    {
        ReferenceValidators.RequireInstalled();
        Pipeline = new PipelineFixture();
        Directory.CreateDirectory(Folder);
        var inputs = Directory.GetFiles(RepositoryPaths.Photos)
            .Where(f => f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select((f, i) => (Name: System.IO.Path.GetFileName(f), Bytes: File.ReadAllBytes(f),
                Label: new ExplicitLabel(ExplicitLabel.DefaultText, (LabelPosition)(i % 6))))
            .ToList();
        inputs.Add((TestMedia.WebPName, TestMedia.Load(TestMedia.WebPName), new ExplicitLabel(ExplicitLabel.DefaultText, LabelPosition.TopRight)));
        inputs.Add(("home-256.jpg", Smallest(inputs.Single(i => i.Name == "home.jpg").Bytes), new ExplicitLabel()));
        inputs.Add(("Dune-latin.jpg", inputs.Single(i => i.Name == "Dune.jpg").Bytes, new ExplicitLabel("AI-generated", LabelPosition.BottomLeft)));

        var files = new ConcurrentBag<LabelledFile>();
        Parallel.ForEach(inputs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, input =>
        {
            var signed = Pipeline.Signer.Sign(input.Bytes, new SignInput(PipelineFixture.Generator, "example-diffusion", "2.1", null,
                WatermarkIds.NewId(), null, input.Label));
            var path = System.IO.Path.Combine(Folder, "signed-" + input.Name);
            File.WriteAllBytes(path, signed.Bytes);
            var info = ImageCodec.ReadInfo(signed.Bytes);
            var file = new LabelledFile(input.Name, path, input.Label, signed, info.Width, info.Height);
            file.Ocr = Tesseract.ReadLine(CropAroundLabel(file), input.Label.Text.Any(c => c > 127) ? "chi_sim" : "eng");
            files.Add(file);
        });
        Files = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        Verdicts = ReferenceValidators.Validate(Files.Select(f => f.Path).ToList(), System.IO.Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.TrustAnchorsFile));
    }

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "explicit-labels-" + Guid.NewGuid().ToString("N")[..8]);

    internal PipelineFixture Pipeline { get; }

    internal IReadOnlyList<LabelledFile> Files { get; }

    internal IReadOnlyList<ReferenceVerdict> Verdicts { get; }

    /// <summary>The photo downscaled so its shorter side is the 256 pixels the watermark needs, as a q90 JPEG.</summary>
    private static byte[] Smallest(byte[] photo)
    {
        using var decoded = ImageCodec.Decode(photo);
        var frame = decoded.Frame;
        double scale = 256.0 / Math.Min(frame.Width, frame.Height);
        using var small = Resize.Apply(frame, (int)Math.Round(frame.Width * scale), (int)Math.Round(frame.Height * scale));
        return ImageCodec.Encode(small, EncodeSettings.Jpeg(90));
    }

    /// <summary>
    /// The signed image decoded (by the project's decoder: Tesseract reads PNG) and cropped to the label's plate,
    /// where Sign says it drew it (the manifest test checks that the manifest says the same). Tesseract is given
    /// the plate alone: with a strip of photo around it, it read nothing or noise on 5 of 19 crops in one run.
    /// </summary>
    private string CropAroundLabel(LabelledFile file)
    {
        var drawn = file.Signed.ExplicitLabel!;
        using var decoded = ImageCodec.Decode(file.Signed.Bytes);
        using var crop = Crop.Apply(decoded.Frame, drawn.X, drawn.Y, drawn.Width, drawn.Height);
        var path = System.IO.Path.Combine(Folder, "label-" + System.IO.Path.ChangeExtension(file.Name, ".png"));
        File.WriteAllBytes(path, ImageCodec.Encode(crop, EncodeSettings.Png()));
        return path;
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
