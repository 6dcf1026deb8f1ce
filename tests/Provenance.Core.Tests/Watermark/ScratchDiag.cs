using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Core.Watermark.Signal;
using Provenance.Testing;
using Xunit.Abstractions;

namespace Provenance.Core.Tests.Watermark;

public class ScratchDiag(ITestOutputHelper output)
{
    [Fact]
    public void Flat()
    {
        var tuning = WatermarkTuning.Default;
        var wm = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" }, tuning);
        foreach (int size in new[] { 400, 512, 1024 })
        {
            using var frame = ImageFrame.Allocate(size, size, PixelFormat.Rgb24);
            var rnd = new Random(1);
            var px = frame.Pixels;
            for (int i = 0; i < px.Length; i++) px[i] = (byte)(128 + rnd.Next(-3, 4));
            var e = wm.Embed(frame, 42);
            var lat = wm.DetectorForTests.Lattice(frame);
            var r = wm.Detect(frame);
            output.WriteLine($"flat {size}: waxel {e.WaxelSize:F3} det {r.Detected} pilot {r.PilotScore:F1} | " + string.Join("; ", lat.Select(l => $"{l.Waxel:F3}/{l.Theta * 180 / Math.PI:F2}/{l.Score:F3}")));
        }
    }

    [Fact]
    public void Lattice()
    {
        var tuning = WatermarkTuning.Default;
        var wm = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" }, tuning);
        using var tools = new ExternalTools();
        foreach (var name in new[] { "starry_night.jpg" })
        {
            using var frame = tools.Load(Path.Combine(RepositoryPaths.Photos, name));
            const ulong id = 0xDEADBEEF12345678;
            wm.Embed(frame, id);
            double nominal = TileGeometry.WaxelSize(frame.Width, frame.Height, tuning);
            foreach (var (label, f) in new[] { ("none", frame.Clone()), ("rot5", Rotate.CroppedToContent(frame, 5)), ("half", AttackSuite.Scale(frame, 0.5)), ("up", AttackSuite.Scale(frame, 1.5)), ("crop50", Crop.Centre(frame, 0.5)) })
            {
                using var _ = f;
                int k = TileGeometry.DetectionFactor(f.Width, f.Height);
                SpectralSync.Probe = new SyncCandidate(label == "half" ? nominal / 2 : label == "up" ? nominal * 1.5 : nominal, label == "rot5" ? -5 * Math.PI / 180 : 0, 0);
                var lat = wm.DetectorForTests.Lattice(f);
                SpectralSync.Probe = null;
                Detector.DebugLog = label == "rot5";
                var r = wm.Detect(f);
                Detector.DebugLog = false;
                var (oz, ores) = wm.DetectorForTests.Probe(f, label == "half" ? nominal / 2 : label == "up" ? nominal * 1.5 : nominal, label == "rot5" ? -5 * Math.PI / 180 : 0, true, null);
                output.WriteLine($"   oracle pilot {oz:F1} decoded {ores?.Detected}");
                output.WriteLine($"{name} {label} {f.Width}x{f.Height} k{k} orig waxel {nominal:F3} (plane {nominal / k:F3}) det {r.Detected} pilot {r.PilotScore:F1} | lattice: " + string.Join("; ", lat.Select(l => $"{l.Waxel:F3}/{l.Theta * 180 / Math.PI:F2}/{l.Score:F3}")));
            }
        }
    }
}
