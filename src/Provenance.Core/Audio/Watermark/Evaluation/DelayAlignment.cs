namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>
/// For the harness's known-geometry diagnostic only: a codec round trip through a pipe keeps the encoder's delay
/// (MP3 and AAC priming samples, not trimmed without a container header), which shifts every cell and makes the
/// channel look far worse than it is. The delay is found by cross-correlating the mono mixes before and after the
/// attack and removed, so that the diagnostic measures the codec and not the misalignment. Window detection is blind
/// and never uses this.
/// </summary>
internal static class DelayAlignment
{
    private const double MaxDelaySeconds = 0.1;
    private const double ExcerptSeconds = 3;

    /// <summary>Delay (in frames of <paramref name="after"/>, positive: <paramref name="after"/> lags) that best
    /// aligns the two; both must have the same rate.</summary>
    public static int Delay(PcmAudio before, PcmAudio after)
    {
        var a = before.MonoMix();
        var b = after.MonoMix();
        int maxLag = (int)(MaxDelaySeconds * after.SampleRate);
        int start = Math.Min(a.Length / 4, Math.Max(0, a.Length - (int)(ExcerptSeconds * before.SampleRate) - maxLag));
        int n = Math.Min((int)(ExcerptSeconds * before.SampleRate), Math.Max(0, Math.Min(a.Length, b.Length) - start - maxLag));
        int lowest = -Math.Min(maxLag, start);
        // Every lag at every sample costs lags x samples: 2e10 multiply-adds at 192 kHz, minutes per attack. So the
        // lags are first tried on sums of `step` samples (the mixes averaged down to about 8 kHz, where a codec's
        // delay still shows as one clear peak), then every lag within two coarse steps of the best at full rate.
        int step = Math.Max(1, before.SampleRate / CoarseRate);
        if (step == 1)
        {
            return BestLag(a, b, start, n, lowest, maxLag);
        }
        int coarse = step * BestLag(Sums(a, step), Sums(b, step), start / step, n / step, lowest / step, maxLag / step);
        return BestLag(a, b, start, n, Math.Max(lowest, coarse - (2 * step)), Math.Min(maxLag, coarse + (2 * step)));
    }

    private const int CoarseRate = 8000;

    /// <summary>The lag in [<paramref name="from"/>, <paramref name="to"/>] whose correlation of n samples from <paramref name="start"/> is largest.</summary>
    private static int BestLag(float[] a, float[] b, int start, int n, int from, int to)
    {
        int bestLag = from;
        double best = double.NegativeInfinity;
        for (int lag = from; lag <= to; lag++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += (double)a[start + i] * b[start + i + lag];
            }
            if (sum > best)
            {
                best = sum;
                bestLag = lag;
            }
        }
        return bestLag;
    }

    /// <summary>Sums of consecutive runs of <paramref name="step"/> samples (the last, partial run dropped).</summary>
    private static float[] Sums(float[] x, int step)
    {
        var sums = new float[x.Length / step];
        for (int i = 0; i < sums.Length; i++)
        {
            float s = 0;
            for (int k = 0; k < step; k++)
            {
                s += x[(i * step) + k];
            }
            sums[i] = s;
        }
        return sums;
    }

    /// <summary><paramref name="after"/> shifted by the delay found (leading frames dropped or zeros prepended).</summary>
    public static PcmAudio Align(PcmAudio before, PcmAudio after)
    {
        if (before.SampleRate != after.SampleRate)
        {
            return after;
        }
        int lag = Delay(before, after);
        if (lag == 0)
        {
            return after;
        }
        int ch = after.Channels;
        if (lag > 0)
        {
            return AudioAttackSuite.Slice(after, lag, after.Frames - lag);
        }
        var s = new float[(after.Frames - lag) * ch];
        Array.Copy(after.Samples, 0, s, -lag * ch, after.Samples.Length);
        return new PcmAudio(s, ch, after.SampleRate);
    }
}
