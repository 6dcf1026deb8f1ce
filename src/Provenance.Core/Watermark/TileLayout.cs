using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Watermark;

/// <summary>
/// What each of the tile's 32 x 32 chips carries, derived from the key: an eighth are pilot chips with keyed
/// signs (known to the detector: translation, orientation and detection score), the rest carry the 354 coded
/// payload bits, each bit spread over two or three chips scattered across the tile with keyed signs.
/// </summary>
internal sealed class TileLayout
{
    public const int Size = 32;
    public const int Chips = Size * Size;
    public const int PilotChipCount = Chips / 8;

    // For each chip: -1 for pilot, else the coded bit it carries.
    private readonly short[] _bitOfChip = new short[Chips];
    // For each chip: the keyed sign (+1/-1) that multiplies its symbol (pilot: the pilot value itself).
    private readonly sbyte[] _signOfChip = new sbyte[Chips];

    public TileLayout(ReadOnlySpan<byte> key)
    {
        var random = new KeyedRandom(key, "provenance.watermark.v1/layout");
        Span<int> order = stackalloc int[Chips];
        for (int i = 0; i < Chips; i++)
        {
            order[i] = i;
        }
        random.Shuffle(order);
        int codedBits = PayloadCodec.CodedBits;
        for (int n = 0; n < Chips; n++)
        {
            int chip = order[n];
            _bitOfChip[chip] = n < PilotChipCount ? (short)-1 : (short)((n - PilotChipCount) % codedBits);
            _signOfChip[chip] = random.NextBit() ? (sbyte)1 : (sbyte)-1;
        }
        var whitening = new byte[PayloadCodec.InfoBits];
        var whiteningRandom = new KeyedRandom(key, "provenance.watermark.v1/whitening");
        for (int i = 0; i < whitening.Length; i++)
        {
            whitening[i] = whiteningRandom.NextBit() ? (byte)1 : (byte)0;
        }
        Codec = new PayloadCodec(whitening);
        Sync = new SyncTemplate(key);
        Pilot = new float[Chips];
        for (int chip = 0; chip < Chips; chip++)
        {
            Pilot[chip] = _bitOfChip[chip] < 0 ? _signOfChip[chip] : 0f;
        }
    }

    public PayloadCodec Codec { get; }

    /// <summary>The sinusoidal sync template added to every tile.</summary>
    public SyncTemplate Sync { get; }

    /// <summary>
    /// The chip values drawn for given symbol amplitudes: the chip-grid high-pass of symbols * amplitudes, plus the
    /// sync template scaled to carry <paramref name="syncEnergy"/> of the total.
    /// </summary>
    public static void Compose(ReadOnlySpan<float> symbolTimesAmplitude, SyncTemplate sync, float chipHighPass,
        float syncEnergy, Span<float> chips)
    {
        ChipFilter.Apply(symbolTimesAmplitude, chips, chipHighPass);
        double sumSq = 0;
        foreach (float v in chips)
        {
            sumSq += v * v;
        }
        float tau = (float)(Math.Sqrt(syncEnergy / (1 - syncEnergy)) * Math.Sqrt(sumSq / chips.Length));
        var template = sync.Chips;
        for (int c = 0; c < chips.Length; c++)
        {
            chips[c] += tau * template[c];
        }
    }

    /// <summary>The pilot chips (+1/-1) with zeros at payload chips, row-major.</summary>
    public float[] Pilot { get; }

    /// <summary>The full tile (+1/-1 per chip) for <paramref name="id"/>, row-major.</summary>
    public void Render(ulong id, Span<float> chips)
    {
        Span<byte> coded = stackalloc byte[PayloadCodec.CodedBits];
        Codec.Encode(id, coded);
        RenderCoded(coded, chips);
    }

    public void RenderCoded(ReadOnlySpan<byte> coded, Span<float> chips)
    {
        for (int chip = 0; chip < Chips; chip++)
        {
            int bit = _bitOfChip[chip];
            float symbol = bit < 0 ? 1f : (coded[bit] == 0 ? 1f : -1f);
            chips[chip] = symbol * _signOfChip[chip];
        }
    }

    /// <summary>
    /// Informed embedding's correction. <paramref name="readout"/> is the simulated readout of each chip, projected
    /// on the symbol it carries, for unit amplitudes; a payload bit's readout is the sum over its chips (what
    /// despreading computes), a pilot chip's is its own. Writes, per chip, the amplitude change that would put its
    /// bit's (pilot chip's) readout on n * gain, the value without host interference (n = chips sharing it).
    /// </summary>
    public void Corrections(ReadOnlySpan<float> readout, float gain, Span<float> delta)
    {
        int codedBits = PayloadCodec.CodedBits;
        Span<float> sum = stackalloc float[codedBits];
        Span<int> count = stackalloc int[codedBits];
        sum.Clear();
        count.Clear();
        for (int chip = 0; chip < Chips; chip++)
        {
            int bit = _bitOfChip[chip];
            if (bit >= 0)
            {
                sum[bit] += readout[chip];
                count[bit]++;
            }
        }
        for (int chip = 0; chip < Chips; chip++)
        {
            int bit = _bitOfChip[chip];
            float n = bit < 0 ? 1 : count[bit];
            float current = bit < 0 ? readout[chip] : sum[bit];
            delta[chip] = (n * gain - current) / (n * gain);
        }
    }

    /// <summary>
    /// Removes the sync template's share from chip readouts (already passed through the chip filter): the least-
    /// squares multiple of the filtered template is subtracted. The template is known, so it is not interference.
    /// </summary>
    public void RemoveSync(Span<float> readouts, float chipHighPass)
    {
        _filteredSync ??= FilteredSync(chipHighPass);
        var t = _filteredSync;
        double dot = 0, norm = 0;
        for (int c = 0; c < readouts.Length; c++)
        {
            dot += readouts[c] * t[c];
            norm += t[c] * t[c];
        }
        float beta = (float)(dot / Math.Max(norm, 1e-12));
        for (int c = 0; c < readouts.Length; c++)
        {
            readouts[c] -= beta * t[c];
        }
    }

    private float[]? _filteredSync;

    private float[] FilteredSync(float chipHighPass)
    {
        var filtered = new float[Chips];
        ChipFilter.Apply(Sync.Chips, filtered, chipHighPass);
        return filtered;
    }

    /// <summary>
    /// Predicted payload-bit SNR from informed embedding's corrections: one over the standard deviation of the
    /// per-bit corrections, each being the host's (and leakage's) interference in units of the bit's signal.
    /// </summary>
    public double PayloadSnr(ReadOnlySpan<float> corrections)
    {
        int codedBits = PayloadCodec.CodedBits;
        Span<bool> seen = stackalloc bool[codedBits];
        seen.Clear();
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int chip = 0; chip < Chips; chip++)
        {
            int bit = _bitOfChip[chip];
            if (bit >= 0 && !seen[bit])
            {
                seen[bit] = true;
                sum += corrections[chip];
                sumSq += corrections[chip] * corrections[chip];
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.Sqrt(Math.Max(sumSq / n - mean * mean, 1e-12));
        return 1 / std;
    }

    /// <summary>Despreads chip estimates into one soft value per coded bit (positive means 0).</summary>
    public void Despread(ReadOnlySpan<float> chipValues, Span<float> soft)
    {
        soft.Clear();
        for (int chip = 0; chip < Chips; chip++)
        {
            int bit = _bitOfChip[chip];
            if (bit >= 0)
            {
                soft[bit] += chipValues[chip] * _signOfChip[chip];
            }
        }
    }
}
