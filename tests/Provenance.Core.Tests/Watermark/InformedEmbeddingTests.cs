using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Core.Tests.Watermark;

/// <summary>The embedder's simulation of the detector reuses one drawing of the pattern across strengths.</summary>
public class InformedEmbeddingTests
{
    [Fact]
    public void A_readout_at_another_strength_is_what_a_fresh_simulation_at_that_strength_gives()
    {
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
        using var frame = ProjectCodecs.Load(TestFiles.Photo("fruits.jpg"));
        var luma = new RgbFrameLuma(frame);
        var tuning = WatermarkTuning.Default;
        double waxel = TileGeometry.WaxelSize(frame.Width, frame.Height, tuning);
        var random = new Random(5);
        var symbols = Enumerable.Range(0, TileLayout.Chips).Select(_ => random.Next(2) * 2 - 1f).ToArray();
        var amplitude = Enumerable.Range(0, TileLayout.Chips).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();

        using var reused = new InformedEmbedding(luma, waxel, null, watermarker.Layout, tuning);
        using var fresh = new InformedEmbedding(luma, waxel, null, watermarker.Layout, tuning);
        var first = new float[TileLayout.Chips];
        reused.Simulate(symbols, amplitude, 2.0f, first);
        foreach (float strength in new[] { 1.3f, 12f, 40f })
        {
            var fromDrawing = new float[TileLayout.Chips];
            var expected = new float[TileLayout.Chips];
            float gain = reused.Readout(symbols, amplitude, strength, fromDrawing);
            // The reference draws the pattern at full strength (amplitudes times the strength, read at strength 1):
            // the same marked image, so the same readout; its gain is per unit of those larger amplitudes.
            var scaled = amplitude.Select(a => a * strength).ToArray();
            float expectedGain = fresh.Simulate(symbols, scaled, 1f, expected) * strength;
            Assert.Equal(expectedGain, gain, 1e-4f * Math.Abs(expectedGain));
            for (int c = 0; c < expected.Length; c++)
            {
                Assert.Equal(expected[c], fromDrawing[c], 1e-4f * (1 + Math.Abs(expected[c])));
            }
            Assert.False(fromDrawing.SequenceEqual(first));
        }
    }
}
