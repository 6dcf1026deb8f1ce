using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Core.Tests.Watermark;

/// <summary>
/// A fast slice of `provenance bench watermark` (the full run is in docs/watermark.md): three photos of different
/// sizes and textures, the geometric and lossy attacks that are hardest for the design, a few hundred clean
/// trials, and the PSNR bounds. Same harness code, project codecs.
/// </summary>
public class RobustnessSubsetTests
{
    private static readonly string[] Photos = ["baboon.jpg", "building.jpg", "Dune.jpg"];

    private static readonly string[] Attacks =
    [
        "jpeg q50", "resize 0.5x", "crop 50% area", "rotate -5", "noise sigma 10", "webp q75", "screenshot 1080 png",
        "crop90+resize0.7+bright1.1+jpeg70",
    ];

    [Fact]
    public void TheHardAttacksRecoverTheExactIdAndCleanImagesStayClean()
    {
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
        var attacks = AttackSuite.All.Where(a => Attacks.Contains(a.Name)).ToList();
        Assert.Equal(Attacks.Length, attacks.Count);
        var runner = new RobustnessRunner(watermarker, new ProjectCodecs(), ProjectCodecs.Load, threads: 2);

        var report = runner.Run(Photos.Select(TestFiles.Photo).ToList(), attacks, variants: 1, cleanTrials: 240);

        foreach (var outcome in report.Attacks)
        {
            Assert.True(outcome.Recovered == outcome.Trials,
                $"{outcome.Attack}: {outcome.Recovered}/{outcome.Trials}; {string.Join("; ", outcome.Failures)}");
            Assert.Equal(0, outcome.WrongId);
        }
        Assert.Equal(240, report.Clean.Trials);
        Assert.Empty(report.Clean.FalsePositives);
        Assert.All(report.Quality, q => Assert.InRange(q.MeasuredPsnr, 40.0, 46.5));
    }
}
