namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// For the harness's diagnosis: what an attack does to the features the mark lives in, measured on the same audio
/// before and after the attack at the known geometry (no speed change, no delay). Slope is the least-squares factor
/// from the feature before to the feature after (under 1: the attack compresses log-energy differences, as added
/// noise does); ErrorRms the root mean square of what is left after that factor; DriftRms of the plain change
/// (what dither modulation must tolerate, a quarter step at most). Groups with a silent cell are left out.
/// </summary>
internal sealed record FeatureChannel(int Groups, double Slope, double ErrorRms, double DriftRms)
{
    public static FeatureChannel Measure(MarkLayout layout, PcmAudio before, PcmAudio after)
    {
        var a = Log(layout, before, out float silenceA);
        var b = Log(layout, after, out float silenceB);
        int bands = layout.Bands;
        int rows = Math.Min(a.Length, b.Length) / bands;
        double xx = 0, xy = 0, yy = 0, drift = 0;
        int n = 0;
        for (int j = 0; j < rows; j++)
        {
            var ra = a.AsSpan(j * bands, bands);
            var rb = b.AsSpan(j * bands, bands);
            int q = j % MarkLayout.BlockSlots;
            for (int m = 0; m < layout.GroupsPerSlot; m++)
            {
                int g = (q * layout.GroupsPerSlot) + m;
                if (!layout.TryFeature(ra, silenceA, g, out double x) || !layout.TryFeature(rb, silenceB, g, out double y))
                {
                    continue;
                }
                xx += x * x;
                xy += x * y;
                yy += y * y;
                drift += (y - x) * (y - x);
                n++;
            }
        }
        if (n == 0 || xx <= 0)
        {
            return new FeatureChannel(0, 0, 0, 0);
        }
        double slope = xy / xx;
        double residual = Math.Max(0, yy - (2 * slope * xy) + (slope * slope * xx));
        return new FeatureChannel(n, slope, Math.Sqrt(residual / n), Math.Sqrt(drift / n));
    }

    private static float[] Log(MarkLayout layout, PcmAudio audio, out float silence)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        var cells = CellFeatures.CellEnergies(BandEnergies.Compute(mono16, 0, layout.BandEdges), layout.Bands, 0);
        silence = CellFeatures.SilenceLog(cells);
        return CellFeatures.LogEnergies(cells);
    }
}
