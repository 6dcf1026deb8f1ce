using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Short-time spectra at 16 kHz: 512-sample frames every 256 samples under a square-root periodic Hann window
/// (analysis and synthesis windows multiply to a Hann window, whose copies at half-frame spacing sum to one, so
/// analysis followed by synthesis is exact). Two real frames are packed into one complex FFT.
/// </summary>
internal static class BandEnergies
{
    private static readonly float[] Window = BuildWindow();

    public static int FrameCount(int samples, int offset) =>
        samples - offset < MarkLayout.FrameLength ? 0 : ((samples - offset - MarkLayout.FrameLength) / MarkLayout.Hop) + 1;

    /// <summary>Energy of each band in each frame: result[frame * bands + band]. Frames start at offset + f * Hop.</summary>
    public static float[] Compute(ReadOnlySpan<float> signal, int offset, int[] bandEdges)
    {
        int frames = FrameCount(signal.Length, offset);
        int bands = bandEdges.Length - 1;
        var energies = new float[frames * bands];
        var batch = new FrameBatch();
        for (int f0 = 0; f0 < frames; f0 += 2 * FrameBatch.Capacity)
        {
            int end = Math.Min(frames, f0 + (2 * FrameBatch.Capacity));
            batch.Clear();
            for (int f = f0; f < end; f += 2)
            {
                int s0 = offset + (f * MarkLayout.Hop);
                batch.Load(signal, s0, f + 1 < frames ? s0 + MarkLayout.Hop : -1, Window);
            }
            batch.Transform(inverse: false);
            for (int f = f0, j = 0; f < end; f += 2, j++)
            {
                bool pair = f + 1 < frames;
                for (int b = 0; b < bands; b++)
                {
                    var (e0, e1) = batch.PairPower(j, bandEdges[b], bandEdges[b + 1]);
                    energies[(f * bands) + b] = (float)e0;
                    if (pair)
                    {
                        energies[((f + 1) * bands) + b] = (float)e1;
                    }
                }
            }
        }
        return energies;
    }

    /// <summary>Loads the frame of <paramref name="signal"/> at <paramref name="first"/> and the one at
    /// <paramref name="second"/> (none when negative) under the analysis window into <paramref name="batch"/>.</summary>
    public static int LoadFramePair(FrameBatch batch, ReadOnlySpan<float> signal, int first, int second) =>
        batch.Load(signal, first, second, Window);

    /// <summary>
    /// The mark for <paramref name="signal"/>: the STFT of the signal with every bin of band b in frame f multiplied
    /// by (gain[f * bands + b] - 1), synthesised by overlap-add. Adding it to the signal applies the gains.
    /// Frames start at 0; frames past the gain array are left unmarked.
    /// </summary>
    /// <remarks>
    /// Two neighbouring frames with the same gains (the frames of one slot share them) go through one complex FFT
    /// pair, the first frame as the real part and the second as the imaginary part: the factor is real and the same
    /// for bins k and n - k, so it scales both frames' spectra alike, and the inverse transform returns the first
    /// frame's mark in its real part and the second's in its imaginary part. Half the transforms of one per frame,
    /// and those run <see cref="FrameBatch.Capacity"/> pairs at a time.
    /// </remarks>
    public static float[] Mark(ReadOnlySpan<float> signal, int[] bandEdges, ReadOnlySpan<float> gains)
    {
        int frames = FrameCount(signal.Length, 0);
        int bands = bandEdges.Length - 1;
        frames = Math.Min(frames, gains.Length / bands);
        var mark = new float[signal.Length];
        const int n = MarkLayout.FrameLength;
        var batch = new FrameBatch();
        var factors = new float[FrameBatch.Capacity][];
        for (int j = 0; j < factors.Length; j++)
        {
            factors[j] = new float[(n / 2) + 1];
        }
        var starts = new (int First, int Second)[FrameBatch.Capacity];
        for (int f = 0; f < frames;)
        {
            batch.Clear();
            while (f < frames && batch.Count < FrameBatch.Capacity)
            {
                var frameGains = gains.Slice(f * bands, bands);
                bool pair = f + 1 < frames && frameGains.SequenceEqual(gains.Slice((f + 1) * bands, bands));
                int s0 = f * MarkLayout.Hop;
                f += pair ? 2 : 1;
                var factor = factors[batch.Count];
                Array.Clear(factor);
                bool any = false;
                for (int b = 0; b < bands; b++)
                {
                    float g = frameGains[b] - 1f;
                    if (g != 0f)
                    {
                        any = true;
                        factor.AsSpan(bandEdges[b], bandEdges[b + 1] - bandEdges[b]).Fill(g);
                    }
                }
                if (any)
                {
                    starts[batch.Count] = (s0, pair ? s0 + MarkLayout.Hop : -1);
                    batch.Load(signal, s0, starts[batch.Count].Second, Window);
                }
            }
            if (batch.Count == 0)
            {
                continue;
            }
            batch.Transform(inverse: false);
            for (int j = 0; j < batch.Count; j++)
            {
                batch.Scale(j, factors[j]);
            }
            batch.Transform(inverse: true);
            for (int j = 0; j < batch.Count; j++)
            {
                batch.AddTo(mark, j, starts[j].First, starts[j].Second, Window);
            }
        }
        return mark;
    }

    private static float[] BuildWindow()
    {
        var w = new float[MarkLayout.FrameLength];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / w.Length)));
        }
        return w;
    }
}
