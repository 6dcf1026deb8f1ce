using Provenance.Core.Imaging;
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
    public void Informed()
    {
        using var tools = new ExternalTools();
        foreach (bool oracle in new[] { true })
        foreach (var (lambda, maxb, minb, iters) in new[] { (0f, 3f, 0.2f, 1), (0.4f, 6f, 0f, 2) }) foreach (double wps in new[] { 128.0, 171 }) foreach (float kappa in new[] { 0f, 0.5f, 1f })
        {
            var tuning = WatermarkTuning.Default with { ChipHighPass = kappa, MinWaxel = 2, WaxelsPerShortSide = wps, HostCancel = lambda, MaxBoost = maxb, MinAmplitude = minb, InformedIterations = iters };
            var wm = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" }, tuning);
            var layout = wm.Layout;
            var pilot = new PilotCorrelator(layout, kappa);
            foreach (var name in new[] { "butterfly.jpg", "baboon.jpg", "starry_night.jpg", "graf1.png" })
            {
                using var host = tools.Load(Path.Combine(RepositoryPaths.Photos, name));
                using var marked = host.Clone();
                const ulong id = 0xDEADBEEF12345678;
                var emb = wm.Embed(marked, id);
                double c = TileGeometry.WaxelSize(host.Width, host.Height, tuning);
                var symbols = new float[TileLayout.Chips];
                layout.Render(id, symbols);
                var coded = new byte[PayloadCodec.CodedBits];
                layout.Codec.Encode(id, coded);
                using var luma = PlaneFilters.Luma(marked, TileGeometry.DetectionFactor(marked.Width, marked.Height));
                using var res = Whitening.Residual(luma, tuning.ResidualRadius, tuning.NormalizeRadius);
                var work = new PilotWorkspace();
                TileFolder.Fold(res, c, 0, work.Fold, work.Counts);
                var m = pilot.Locate(work.Fold, work);
                var chips = new float[TileLayout.Chips];
                double ex = ((-host.Width * 0.5 * 2 / c) % 64 + 64) % 64, ey = ((-host.Height * 0.5 * 2 / c) % 64 + 64) % 64;
                if (oracle) m = new PilotMatch(0, ex, ey, m.Score, m.Peak);
                var rawc = new float[TileLayout.Chips];
                ChipReader.Read(res, c, 0, m, rawc);
                ChipFilter.Apply(rawc, chips, kappa);
                var soft = new float[PayloadCodec.CodedBits];
                layout.Despread(chips, soft);
                if (lambda < 0)
                {
                    var sim = new float[1024];
                    using var inf = new InformedEmbedding(host, c, (y, row) => row.Fill(1f), tuning);
                    var amp = new float[1024]; Array.Fill(amp, 1f);
                    inf.Simulate(symbols, amp, (float)emb.Strength, sim);
                    double ab = 0, aa = 0, bb = 0; for (int i = 0; i < 1024; i++) { ab += sim[i] * chips[i]; aa += sim[i] * sim[i]; bb += chips[i] * chips[i]; }
                    output.WriteLine($"  sim vs detector: corr {ab / Math.Sqrt(aa * bb):F3} scale {ab / aa:F3} rms sim {Math.Sqrt(aa/1024):F3} det {Math.Sqrt(bb/1024):F3}");
                }
                int wrong = 0; double mean = 0, sq = 0;
                for (int k = 0; k < soft.Length; k++) { double v = soft[k] * (coded[k] == 0 ? 1 : -1); wrong += v < 0 ? 1 : 0; mean += v; sq += v * v; }
                mean /= soft.Length; double sd = Math.Sqrt(sq / soft.Length - mean * mean);
                // pilot chips agreement
                int pw = 0; double pm = 0, psq = 0; int pn = 0;
                var hp = new float[1024]; ChipFilter.Apply(layout.Pilot, hp, 0);
                for (int i = 0; i < 1024; i++) if (layout.Pilot[i] != 0) { double v = chips[i] * layout.Pilot[i]; pw += v < 0 ? 1 : 0; pm += v; psq += v * v; pn++; }
                pm /= pn; double psd = Math.Sqrt(psq / pn - pm * pm);
                output.WriteLine($"l{lambda} k{kappa} D{wps} c{c:F2} {name}: psnr {emb.PsnrDb:F2} alpha {emb.Strength:F2} z {m.Score:F1} o{m.Orientation} shift {m.ShiftX:F2},{m.ShiftY:F2} expect {((host.Width*0.5*2/c) % 64 + 64) % 64:F2}/{(( - host.Width*0.5*2/c + 0.5 + 64*100) % 64):F2},{(( - host.Height*0.5*2/c + 0.5 + 64*100) % 64):F2} bits wrong {wrong} mean/sd {mean / sd:F2} | pilot wrong {pw}/{pn} mean/sd {pm / psd:F2}");
            }
        }
    }
}
