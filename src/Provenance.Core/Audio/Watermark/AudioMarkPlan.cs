namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// The mark of one input, settled segment by segment (<see cref="AudioEmbedder.Plan"/>) and rendered front to back in
/// pieces of any size (<see cref="RenderNext"/>): every channel's mark at the watermark's 16 kHz, brought to the
/// input's rate and added to its samples. A segment is planned only when the render comes near it, so Sign hands the
/// encoder its first seconds while later segments are still unplanned; the samples and the SNR come out the same
/// whatever the pieces, since segments are planned in order from unmarked input, each output sample depends only on
/// its position, and the energies are summed in frame order. One renderer at a time.
/// </summary>
internal sealed class AudioMarkPlan
{
    private readonly PcmAudio _host;
    private readonly float[][] _marks16;
    private readonly double[] _markEnergies;
    private readonly double _ratio;
    private readonly int _markFrames;
    private readonly IReadOnlyList<int> _segmentStarts16;
    private readonly Func<int, ParallelOptions, PlannedSegment> _planSegment;
    private ParallelOptions _parallelism = new();
    private readonly int _lookAhead16;
    private int _planned;
    private double _strengthSum;
    private long _pairs;
    private double _hostEnergy;
    private int _rendered;

    /// <param name="host">The input, whose samples the render may overwrite (marked in place).</param>
    /// <param name="length16">The input's length at 16 kHz.</param>
    /// <param name="segmentStarts16">Where each segment starts at 16 kHz, the first at 0, in order.</param>
    /// <param name="planSegment">Plans segment k, called once for each in order; it reads the input from the segment's
    /// start less <see cref="Resampler.InputReach"/> on, which is still unmarked when it is called.</param>
    public AudioMarkPlan(PcmAudio host, int length16, IReadOnlyList<int> segmentStarts16, Func<int, ParallelOptions, PlannedSegment> planSegment)
    {
        _host = host;
        _marks16 = new float[host.Channels][];
        for (int c = 0; c < _marks16.Length; c++)
        {
            _marks16[c] = new float[length16];
        }
        _markEnergies = new double[host.Channels];
        _ratio = (double)host.SampleRate / MarkLayout.SampleRate;
        _markFrames = host.SampleRate == MarkLayout.SampleRate ? length16 : Resampler.OutputLength(length16, _ratio);
        _segmentStarts16 = segmentStarts16;
        _planSegment = planSegment;
        // A segment's mark starts at its start (its first frame) and reaches back no further; the render of a 16 kHz
        // position reads the mark that far around it, and a segment's plan reads the input that far before its start.
        // A slot more than both keeps every segment a render could touch planned before the render gets there.
        _lookAhead16 = MarkLayout.SlotSamples + Resampler.InputReach(_ratio) + (int)Math.Ceiling(Resampler.InputReach(1 / _ratio) / _ratio);
    }

    /// <summary>
    /// Whether the plan and the render may spread over every core (the default) or keep to the calling thread. Sign
    /// keeps to one: its encoder needs the other core for the whole of the encode, and planning on both would slow the
    /// encode by more than it gains.
    /// </summary>
    public bool SingleThreaded
    {
        get => _parallelism.MaxDegreeOfParallelism == 1;
        set => _parallelism = new ParallelOptions { MaxDegreeOfParallelism = value ? 1 : -1 };
    }

    /// <summary>
    /// A segment's plan: every channel's mark at 16 kHz from <see cref="Start16"/>, with its strength over its pairs
    /// and the energy of its share of the input's frames (the shares of all segments make up the input).
    /// </summary>
    internal sealed record PlannedSegment(int Start16, float[][] Marks16, double Strength, int Pairs, double HostEnergy);

    /// <summary>The mean scale of the pairs' shifts (1: every pair at its full shift), once every segment is planned.</summary>
    public double Strength
    {
        get
        {
            PlanThrough(int.MaxValue);
            return _pairs == 0 ? 1 : _strengthSum / _pairs;
        }
    }

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
        int end = start + frames;
        PlanThrough(end == Frames ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Ceiling(end / _ratio) + _lookAhead16));
        var samples = _host.Samples;
        int marked = Math.Clamp(_markFrames - start, 0, frames);
        Parallel.For(0, channels, _parallelism, c =>
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
        _rendered = end;
    }

    /// <summary>Plans every segment that starts at or before <paramref name="position16"/> and is not planned yet.</summary>
    private void PlanThrough(int position16)
    {
        while (_planned < _segmentStarts16.Count && _segmentStarts16[_planned] <= position16)
        {
            var segment = _planSegment(_planned, _parallelism);
            for (int c = 0; c < _marks16.Length; c++)
            {
                var target = _marks16[c].AsSpan(segment.Start16);
                var mark = segment.Marks16[c];
                for (int i = 0; i < mark.Length; i++)
                {
                    target[i] += mark[i]; // a segment's last frame overlaps the next one's first
                }
            }
            _strengthSum += segment.Strength * segment.Pairs;
            _hostEnergy += segment.HostEnergy;
            _pairs += segment.Pairs;
            _planned++;
        }
    }
}
