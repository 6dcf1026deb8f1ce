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
        const int n = MarkLayout.FrameLength;
        var re = new float[n];
        var im = new float[n];
        for (int f = 0; f < frames; f += 2)
        {
            bool pair = f + 1 < frames;
            int s0 = offset + (f * MarkLayout.Hop);
            LoadFramePair(signal, s0, pair ? s0 + MarkLayout.Hop : -1, re, im);
            for (int b = 0; b < bands; b++)
            {
                var (e0, e1) = Fft.PackedPairPower(re, im, bandEdges[b], bandEdges[b + 1]);
                energies[(f * bands) + b] = (float)e0;
                if (pair)
                {
                    energies[((f + 1) * bands) + b] = (float)e1;
                }
            }
        }
        return energies;
    }

    /// <summary>
    /// The spectra of two windowed frames in one complex FFT: the frame at <paramref name="first"/> as the real part,
    /// the one at <paramref name="second"/> (none when negative) as the imaginary part; <see cref="Fft.PackedPairPower"/>
    /// unpacks them.
    /// </summary>
    public static void LoadFramePair(ReadOnlySpan<float> signal, int first, int second, float[] re, float[] im)
    {
        const int n = MarkLayout.FrameLength;
        for (int i = 0; i < n; i++)
        {
            re[i] = signal[first + i] * Window[i];
            im[i] = second >= 0 ? signal[second + i] * Window[i] : 0f;
        }
        Fft.Transform1D(re, im, inverse: false);
    }

    /// <summary>
    /// The mark for <paramref name="signal"/>: the STFT of the signal with every bin of band b in frame f multiplied
    /// by (gain[f * bands + b] - 1), synthesised by overlap-add. Adding it to the signal applies the gains.
    /// Frames start at 0; frames past the gain array are left unmarked.
    /// </summary>
    /// <remarks>
    /// Two neighbouring frames with the same gains (the frames of one slot share them) go through one complex FFT
    /// pair, the first frame as the real part and the second as the imaginary part: the factor is real and the same
    /// for bins k and n - k, so it scales both frames' spectra alike, and the inverse transform returns the first
    /// frame's mark in its real part and the second's in its imaginary part. Half the transforms of one per frame.
    /// </remarks>
    public static float[] Mark(ReadOnlySpan<float> signal, int[] bandEdges, ReadOnlySpan<float> gains)
    {
        int frames = FrameCount(signal.Length, 0);
        int bands = bandEdges.Length - 1;
        frames = Math.Min(frames, gains.Length / bands);
        var mark = new float[signal.Length];
        const int n = MarkLayout.FrameLength;
        var re = new float[n];
        var im = new float[n];
        var factor = new float[(n / 2) + 1];
        for (int f = 0; f < frames;)
        {
            var frameGains = gains.Slice(f * bands, bands);
            bool pair = f + 1 < frames && frameGains.SequenceEqual(gains.Slice((f + 1) * bands, bands));
            int s0 = f * MarkLayout.Hop;
            int s1 = s0 + MarkLayout.Hop;
            int count = pair ? 2 : 1;
            f += count;
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
            if (!any)
            {
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                re[i] = signal[s0 + i] * Window[i];
                im[i] = pair ? signal[s1 + i] * Window[i] : 0f;
            }
            Fft.Transform1D(re, im, inverse: false);
            for (int k = 0; k <= n / 2; k++)
            {
                re[k] *= factor[k];
                im[k] *= factor[k];
                if (k > 0 && k < n / 2)
                {
                    re[n - k] *= factor[k];
                    im[n - k] *= factor[k];
                }
            }
            Fft.Transform1D(re, im, inverse: true);
            for (int i = 0; i < n; i++)
            {
                mark[s0 + i] += re[i] * Window[i];
            }
            if (pair)
            {
                for (int i = 0; i < n; i++)
                {
                    mark[s1 + i] += im[i] * Window[i];
                }
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
