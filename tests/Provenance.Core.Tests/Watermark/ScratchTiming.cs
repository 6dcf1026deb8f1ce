using System.Diagnostics;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;
using Xunit.Abstractions;

namespace Provenance.Core.Tests.Watermark;

public class ScratchTiming(ITestOutputHelper output)
{
    [Fact]
    public void Time()
    {
        foreach (var tuning in new[] { WatermarkTuning.Default })
        {
            var wm = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" }, tuning);
            using var src = ProjectCodecs.Load(TestFiles.Photo("Aqua.jpg"));
            using var big = Resize.Apply(src, 1024, 1024);
            using var small = ProjectCodecs.Load(TestFiles.Photo("building.jpg"));
            foreach (var (name, f) in new[] { ("clean1024", big), ("clean868", small) })
            {
                wm.Detect(f);
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 5; i++) wm.Detect(f);
                output.WriteLine($"polish {tuning.PolishThreshold} cand {tuning.SearchCandidates} {name}: {sw.Elapsed.TotalMilliseconds / 5:F1} ms");
            }
            using var marked = big.Clone();
            var sw2 = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++) { using var m = big.Clone(); wm.Embed(m, 5); }
            output.WriteLine($"embed1024: {sw2.Elapsed.TotalMilliseconds / 5:F1} ms");
            wm.Embed(marked, 5);
            sw2.Restart();
            for (int i = 0; i < 5; i++) wm.Detect(marked);
            output.WriteLine($"detect marked 1024: {sw2.Elapsed.TotalMilliseconds / 5:F1} ms");
        }
    }
}
