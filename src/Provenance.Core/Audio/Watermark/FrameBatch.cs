using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Up to <see cref="Capacity"/> pairs of windowed frames transformed at once: each pair is one complex sequence (the
/// first frame as the real part, the second as the imaginary part), and the sequences are stored interleaved so that
/// <see cref="Fft.TransformInterleaved"/> runs their butterflies in vectors across the pairs. Every pair goes through
/// the same arithmetic as a pair transformed alone (<see cref="BandEnergies.LoadFramePair"/>), so results do not
/// depend on how frames are batched; one transform per pair cost most of the audio mark's embedding and detection
/// (docs/audio.md, "Cost"). The audio fingerprint batches its longer frames the same way.
/// </summary>
internal sealed class FrameBatch
{
    /// <summary>Pairs per batch: two 8-wide vectors per butterfly (64 KiB of buffers for the mark's frames).</summary>
    public const int Capacity = 16;

    private readonly int _length;
    private readonly float[] _re;
    private readonly float[] _im;

    /// <summary>A batch of frames of <paramref name="frameLength"/> samples (a power of two): the mark's 512 by default.</summary>
    public FrameBatch(int frameLength = MarkLayout.FrameLength)
    {
        _length = frameLength;
        _re = new float[_length * Capacity];
        _im = new float[_length * Capacity];
    }

    /// <summary>Pairs loaded since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>
    /// Loads the frame of <paramref name="signal"/> at <paramref name="first"/> and the one at <paramref name="second"/>
    /// (none when negative: zeros) under <paramref name="window"/> as the next pair; returns its index in the batch.
    /// </summary>
    public int Load(ReadOnlySpan<float> signal, int first, int second, ReadOnlySpan<float> window)
    {
        int j = Count++;
        for (int i = 0; i < _length; i++)
        {
            _re[(i * Capacity) + j] = signal[first + i] * window[i];
            _im[(i * Capacity) + j] = second >= 0 ? signal[second + i] * window[i] : 0f;
        }
        return j;
    }

    /// <summary>
    /// Transforms the loaded pairs. The batch is transformed whole; columns not loaded are zeroed first, so that what
    /// an earlier batch left there cannot grow transform after transform.
    /// </summary>
    public void Transform(bool inverse)
    {
        if (Count < Capacity)
        {
            for (int i = 0; i < _length; i++)
            {
                _re.AsSpan((i * Capacity) + Count, Capacity - Count).Clear();
                _im.AsSpan((i * Capacity) + Count, Capacity - Count).Clear();
            }
        }
        Fft.TransformInterleaved(_re, _im, Capacity, _length, inverse);
    }

    /// <summary>The power of pair <paramref name="j"/>'s two spectra over bins [from, to), as <see cref="Fft.PackedPairPower"/>.</summary>
    public (double First, double Second) PairPower(int j, int from, int to)
    {
        double e0 = 0, e1 = 0;
        for (int k = from; k < to; k++)
        {
            int at = (k * Capacity) + j, mirror = ((_length - k) * Capacity) + j;
            float zr = _re[at], zi = _im[at], wr = _re[mirror], wi = -_im[mirror];
            float ar = 0.5f * (zr + wr), ai = 0.5f * (zi + wi);
            float br = 0.5f * (zi - wi), bi = -0.5f * (zr - wr);
            e0 += (ar * ar) + (ai * ai);
            e1 += (br * br) + (bi * bi);
        }
        return (e0, e1);
    }

    /// <summary>
    /// Multiplies bin k and its mirror of pair <paramref name="j"/> by <paramref name="factor"/>[k] (a real factor
    /// symmetric in k scales both frames' spectra alike).
    /// </summary>
    public void Scale(int j, ReadOnlySpan<float> factor)
    {
        for (int k = 0; k <= _length / 2; k++)
        {
            float f = factor[k];
            _re[(k * Capacity) + j] *= f;
            _im[(k * Capacity) + j] *= f;
            if (k > 0 && k < _length / 2)
            {
                _re[((_length - k) * Capacity) + j] *= f;
                _im[((_length - k) * Capacity) + j] *= f;
            }
        }
    }

    /// <summary>
    /// Overlap-adds pair <paramref name="j"/> (after the inverse transform) under <paramref name="window"/>: its first
    /// frame at <paramref name="first"/> of <paramref name="output"/>, its second at <paramref name="second"/> (none
    /// when negative).
    /// </summary>
    public void AddTo(Span<float> output, int j, int first, int second, ReadOnlySpan<float> window)
    {
        for (int i = 0; i < _length; i++)
        {
            output[first + i] += _re[(i * Capacity) + j] * window[i];
        }
        if (second >= 0)
        {
            for (int i = 0; i < _length; i++)
            {
                output[second + i] += _im[(i * Capacity) + j] * window[i];
            }
        }
    }
}
