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
        int bestLag = 0;
        double best = double.NegativeInfinity;
        for (int lag = -Math.Min(maxLag, start); lag <= maxLag; lag++)
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
