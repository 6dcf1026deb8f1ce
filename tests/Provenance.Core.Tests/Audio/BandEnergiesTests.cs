using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

public sealed class BandEnergiesTests
{
    /// <summary>
    /// Frames that share their gains are synthesised two per transform; a gain one float step off forces the one-frame
    /// path for every frame. Both must give the same mark.
    /// </summary>
    [Fact]
    public void Paired_frames_give_the_mark_of_frames_taken_one_by_one()
    {
        var layout = new MarkLayout(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 1, true, 1);
        int bands = layout.Bands;
        var random = new Random(3);
        var signal = new float[MarkLayout.SampleRate * 2];
        for (int i = 0; i < signal.Length; i++)
        {
            signal[i] = (float)((random.NextDouble() * 2) - 1);
        }
        int frames = BandEnergies.FrameCount(signal.Length, 0);
        var shared = new float[frames * bands];
        var distinct = new float[frames * bands];
        for (int f = 0; f < frames; f++)
        {
            for (int b = 0; b < bands; b++)
            {
                // Slot-wise gains (four frames alike), as the embedder makes them.
                float g = 1f + (0.05f * (float)Math.Sin((f / MarkLayout.FramesPerSlot * 7) + b));
                shared[(f * bands) + b] = g;
                distinct[(f * bands) + b] = f % 2 == 1 ? MathF.BitIncrement(g) : g;
            }
        }
        var paired = BandEnergies.Mark(signal, layout.BandEdges, shared);
        var single = BandEnergies.Mark(signal, layout.BandEdges, distinct);
        double error = 0, energy = 0;
        for (int i = 0; i < paired.Length; i++)
        {
            error += (paired[i] - single[i]) * (double)(paired[i] - single[i]);
            energy += single[i] * (double)single[i];
        }
        Assert.True(energy > 0);
        Assert.True(10 * Math.Log10(energy / error) > 80, $"paired against single: {10 * Math.Log10(energy / error):0.0} dB");
    }
}
