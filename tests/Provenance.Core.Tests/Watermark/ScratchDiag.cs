using Provenance.Core.Imaging;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Testing;
using Xunit.Abstractions;

namespace Provenance.Core.Tests.Watermark;

public class ScratchDiag(ITestOutputHelper output)
{
    [Fact]
    public void Small()
    {
        var tuning = WatermarkTuning.Default with { MaskGamma = -1, NormalizeRadius = 2 };
        var wm = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" }, tuning);
        using var tools = new ExternalTools();
        foreach (var name in new[] { "butterfly.jpg", "baboon.jpg", "starry_night.jpg", "Aqua.jpg" })
        {
            using var frame = tools.Load(Path.Combine(RepositoryPaths.Photos, name));
            const ulong id = 0xDEADBEEF12345678;
            wm.Embed(frame, id);
            var coded = new byte[PayloadCodec.CodedBits];
            wm.Layout.Codec.Encode(id, coded);
            double nominal = TileGeometry.WaxelSize(frame.Width, frame.Height);
            foreach (var (label, f, waxel) in new[] { ("none", frame.Clone(), nominal), ("half", AttackSuite.Scale(frame, 0.5), nominal / 2) })
            {
                using var _ = f;
                var soft = new float[PayloadCodec.CodedBits];
                var (score, res) = wm.DetectorForTests.Probe(f, waxel, 0, false, soft);
                int raw = 0;
                for (int i = 0; i < coded.Length; i++) raw += (soft[i] < 0) != (coded[i] == 1) ? 1 : 0;
                var lat = wm.DetectorForTests.Lattice(f);
                output.WriteLine($"{name} {label}: oracle pilot {score:F1} raw {raw} ok {res?.Detected} | lattice: " + string.Join("; ", lat.Select(l => $"{l.Waxel:F3}/{l.Theta * 180 / Math.PI:F2}/{l.Score:F3}")));
            }
        }
    }
}
