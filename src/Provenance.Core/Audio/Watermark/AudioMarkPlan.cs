namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// A mark the embedder has settled on (<see cref="AudioEmbedder.Plan"/>): every channel's mark at the watermark's
/// 16 kHz, still to be brought to the input's rate and added to its samples. Rendering goes front to back in pieces
/// of any size (<see cref="RenderNext"/>), so that Sign can hand the encoder the first seconds while later ones are
/// still being rendered; the samples and the SNR come out the same whatever the pieces, since each output sample
/// depends only on its position and the energies are summed in frame order. One renderer at a time.
/// </summary>
internal sealed class AudioMarkPlan
{
    private readonly PcmAudio _host;
    private readonly double _hostEnergy;
    private readonly float[][] _marks16;
    private readonly double[] _markEnergies;
    private readonly double _ratio;
    private readonly int _markFrames;
    private int _rendered;

    public AudioMarkPlan(PcmAudio host, double hostEnergy, float[][] marks16, double strength)
    {
        _host = host;
        _hostEnergy = hostEnergy;
        _marks16 = marks16;
        _markEnergies = new double[marks16.Length];
        _ratio = (double)host.SampleRate / MarkLayout.SampleRate;
        _markFrames = host.SampleRate == MarkLayout.SampleRate ? marks16[0].Length : Resampler.OutputLength(marks16[0].Length, _ratio);
        Strength = strength;
    }

    /// <summary>The mean scale of the pairs' shifts (1: every pair at its full shift).</summary>
    public double Strength { get; }

    public int Frames => _host.Frames;

    /// <summary>Frames rendered so far, from the first.</summary>
    public int Rendered => _rendered;

    /// <summary>The mark's SNR against the input, in dB, once every frame is rendered.</summary>
    public double SnrDb
    {
        get
        {
            if (_rendered < Frames)
            {
                throw new InvalidOperationException("The SNR is known once every frame is rendered.");
            }
            double noise = 0;
            foreach (double energy in _markEnergies)
            {
                noise += energy; // in channel order, so that the sum does not depend on the threads
            }
            return noise <= 0 ? double.PositiveInfinity : 10 * Math.Log10(_hostEnergy / noise);
        }
    }

    /// <summary>
    /// Writes the next <paramref name="frames"/> frames of the marked sound (input plus mark) into
    /// <paramref name="destination"/>, laid out as the input's samples; it may be the input's own array (marked in
    /// place). Frames past the mark's end (a fraction of a 16 kHz sample at most) are the input's.
    /// </summary>
    public void RenderNext(float[] destination, int frames)
    {
        if (destination.Length != _host.Samples.Length || frames < 0 || frames > Frames - _rendered)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), "The frames asked for lie outside the audio.");
        }
        int start = _rendered, channels = _host.Channels;
        var samples = _host.Samples;
        int marked = Math.Clamp(_markFrames - start, 0, frames);
        Parallel.For(0, channels, c =>
        {
            ReadOnlySpan<float> mark;
            if (_host.SampleRate == MarkLayout.SampleRate)
            {
                mark = _marks16[c].AsSpan(start, marked);
            }
            else
            {
                var piece = new float[marked];
                Resampler.Resample(_marks16[c], _ratio, start, piece);
                mark = piece;
            }
            double energy = _markEnergies[c];
            for (int f = 0; f < marked; f++)
            {
                int i = ((start + f) * channels) + c;
                destination[i] = samples[i] + mark[f];
                energy += (double)mark[f] * mark[f];
            }
            for (int f = marked; f < frames; f++)
            {
                int i = ((start + f) * channels) + c;
                destination[i] = samples[i];
            }
            _markEnergies[c] = energy;
        });
        _rendered += frames;
    }
}
