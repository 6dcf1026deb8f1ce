namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Embeds the mark: analyses the mono mix at 16 kHz, solves the cell changes (<see cref="InformedEmbedding"/>) at the
/// strength that meets the SNR target, and applies them to every channel as gains on that channel's own short-time
/// spectrum. Each channel's mark is therefore its own signal, scaled by a fraction of a decibel in each cell: it sits
/// in the same critical band at the same moment as the sound that masks it, and silence stays silent. The mono
/// mix of the marked channels carries exactly the gains the solver chose.
/// </summary>
internal sealed class AudioEmbedder
{
    // Cells quieter than this (relative to the mean cell) are left alone: the mark there would be inaudible and
    // unreadable alike, and a codec drops them.
    private const double SilenceRelative = 1e-3;
    private readonly MarkLayout _layout;
    private readonly AudioWatermarkOptions _options;
    private readonly AudioWatermarkTuning _tuning;

    public AudioEmbedder(MarkLayout layout, AudioWatermarkOptions options, AudioWatermarkTuning tuning)
    {
        _layout = layout;
        _options = options;
        _tuning = tuning;
    }

    public AudioWatermarkEmbedding Embed(PcmAudio audio, ulong id)
    {
        var mono16 = Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
        int bands = _layout.Bands;
        var frameEnergies = BandEnergies.Compute(mono16, 0, _layout.BandEdges);
        var log = CellFeatures.LogEnergies(frameEnergies, bands, phase: 0);
        int slots = log.Length / bands;
        var linear = new double[log.Length];
        double mean = 0;
        for (int i = 0; i < log.Length; i++)
        {
            int s = i / bands, b = i % bands;
            for (int f = s * MarkLayout.FramesPerSlot; f < (s + 1) * MarkLayout.FramesPerSlot; f++)
            {
                linear[i] += frameEnergies[(f * bands) + b];
            }
            mean += linear[i];
        }
        mean /= Math.Max(1, log.Length);
        var marked = new bool[log.Length];
        for (int i = 0; i < log.Length; i++)
        {
            marked[i] = linear[i] > SilenceRelative * mean;
        }
        double hostEnergy = 0;
        foreach (float x in mono16)
        {
            hostEnergy += (double)x * x;
        }
        var targets = InformedEmbedding.Targets(_layout, id);

        // Strength: bisect the margin (log scale) for the predicted SNR. Mark energy of a cell = (g - 1)^2 times its
        // energy, counted twice for the negative frequencies, over the frame length (Parseval with the Hann sum).
        float[] Solve(double margin) => InformedEmbedding.Solve(_layout, log, marked, targets, margin, margin * _tuning.CapFactor, _tuning.Iterations);
        double PredictedSnr(float[] d)
        {
            double markEnergy = 0;
            for (int i = 0; i < d.Length; i++)
            {
                double g = Math.Exp(d[i] / 2) - 1;
                markEnergy += g * g * linear[i];
            }
            markEnergy *= 2.0 / MarkLayout.FrameLength;
            return markEnergy <= 0 ? double.PositiveInfinity : 10 * Math.Log10(hostEnergy / markEnergy);
        }
        double lo = 0.01, hi = 3.0;
        float[] best = Solve(lo);
        double strength = lo;
        for (int step = 0; step < 14; step++)
        {
            double mid = Math.Sqrt(lo * hi);
            var d = Solve(mid);
            if (PredictedSnr(d) >= _options.TargetSnrDb)
            {
                lo = mid;
                best = d;
                strength = mid;
            }
            else
            {
                hi = mid;
            }
        }

        var frameGains = new float[slots * MarkLayout.FramesPerSlot * bands];
        for (int s = 0; s < slots; s++)
        {
            for (int b = 0; b < bands; b++)
            {
                float g = (float)Math.Exp(best[(s * bands) + b] / 2);
                for (int k = 0; k < MarkLayout.FramesPerSlot; k++)
                {
                    frameGains[((((s * MarkLayout.FramesPerSlot) + k) * bands)) + b] = g;
                }
            }
        }

        var output = (float[])audio.Samples.Clone();
        double signal = 0, noise = 0;
        int frames = audio.Frames;
        for (int c = 0; c < audio.Channels; c++)
        {
            var channel = audio.Channels == 1 ? audio.Samples : audio.Channel(c);
            var channel16 = audio.Channels == 1 ? mono16 : Resampler.Resample(channel, audio.SampleRate, MarkLayout.SampleRate);
            var mark16 = BandEnergies.Mark(channel16, _layout.BandEdges, frameGains);
            var mark = audio.SampleRate == MarkLayout.SampleRate ? mark16 : Resampler.Resample(mark16, MarkLayout.SampleRate, audio.SampleRate);
            int n = Math.Min(frames, mark.Length);
            for (int f = 0; f < n; f++)
            {
                int i = (f * audio.Channels) + c;
                output[i] = audio.Samples[i] + mark[f];
                noise += (double)mark[f] * mark[f];
            }
            for (int f = 0; f < frames; f++)
            {
                double x = audio.Samples[(f * audio.Channels) + c];
                signal += x * x;
            }
        }
        double snr = noise <= 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
        return new AudioWatermarkEmbedding(new PcmAudio(output, audio.Channels, audio.SampleRate), snr, strength);
    }
}
