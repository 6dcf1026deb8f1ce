using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Watermark;

/// <summary>The polish's widest stage follows the fold's template energy: it must peak at the right geometry.</summary>
public class TemplateEnergyTests
{
    private static readonly WatermarkOptions Options = new() { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" };

    [Theory]
    [InlineData("fruits.jpg")]
    [InlineData("starry_night.jpg")]
    public void TheRightGeometryHoldsTheMostTemplateEnergy(string photo)
    {
        var watermarker = new Watermarker(Options);
        using var frame = ProjectCodecs.Load(TestFiles.Photo(photo));
        var embedding = watermarker.Embed(frame, 31337);
        using var luma = PlaneFilters.Luma(new RgbFrameLuma(frame), 1);
        var tuning = WatermarkTuning.Default;
        using var residual = Whitening.Residual(luma, tuning.ResidualRadius, tuning.NormalizeRadius);
        var fold = new float[TileFolder.Size * TileFolder.Size];
        var counts = new int[fold.Length];

        double Energy(double scale, double degrees)
        {
            TileFolder.Fold(residual, embedding.WaxelSize * scale, degrees * Math.PI / 180, fold, counts);
            return TemplateEnergy.Measure(fold);
        }

        double right = Energy(1, 0);
        // Off by a little (what the polish's widest stage moves) and by a lot, in size and in angle.
        foreach (var (scale, degrees) in new[] { (1.008, 0.0), (0.992, 0.0), (1, 0.45), (1, -0.45), (1.05, 0), (1, 3) })
        {
            double off = Energy(scale, degrees);
            Assert.True(right > off, $"scale {scale}, {degrees} degrees: {off:F1} >= {right:F1} at the right geometry");
        }
        // And it is the template: a fold of the unmarked photo at the same geometry holds a small fraction of it.
        using var clean = ProjectCodecs.Load(TestFiles.Photo(photo));
        using var cleanLuma = PlaneFilters.Luma(new RgbFrameLuma(clean), 1);
        using var cleanResidual = Whitening.Residual(cleanLuma, tuning.ResidualRadius, tuning.NormalizeRadius);
        TileFolder.Fold(cleanResidual, embedding.WaxelSize, 0, fold, counts);
        Assert.True(TemplateEnergy.Measure(fold) * 4 < right);
    }
}
