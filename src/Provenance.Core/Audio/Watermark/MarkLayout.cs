using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Where the audio mark lives: a grid of time-frequency cells at the internal 16 kHz rate, and the keyed map from
/// cells to what they carry. A cell is one band (a few FFT bins, wider with frequency) over one slot (four STFT hops,
/// 64 ms). Within each slot the bands are paired by a keyed permutation; a pair's feature is the difference of the
/// two cells' log energies (patchwork, as audiowmark pairs up/down bins), which a gain change, the loudness contour
/// and any effect common to the slot leave alone. Each pair carries one bit by dither modulation
/// (<see cref="DitherModulation"/>) with its own keyed dither. A block of <see cref="BlockSlots"/> slots (4.6 s)
/// holds <see cref="PayloadCodec.CodedBits"/> coded bits twice each and the pilot pairs (keyed bits the detector knows, for
/// synchronisation) in the remaining pairs; it repeats for the length of the signal, so any 5-second window holds
/// every pair at least once, in some cyclic order the detector recovers with the pilot.
/// </summary>
internal sealed class MarkLayout
{
    public const int SampleRate = 16_000;
    public const int FrameLength = 512;
    public const int Hop = 256;
    public const int FramesPerSlot = 4;
    public const int SlotSamples = Hop * FramesPerSlot;
    public const int BlockSlots = 72;
    public const int PairsPerCodedBit = 2;
    /// <summary>Lowest and highest FFT bin marked: 187.5 Hz to about 6 kHz, inside every codec's and a 16 kHz
    /// resampler's pass band.</summary>
    public const int FirstBin = 6;
    public const int LastBin = 208;

    public MarkLayout(ReadOnlySpan<byte> key)
    {
        BandEdges = BuildBandEdges();
        Bands = BandEdges.Length - 1;
        PairsPerSlot = Bands / 2;
        int pairs = PairsPerSlot * BlockSlots;
        int payloadPairs = PayloadCodec.CodedBits * PairsPerCodedBit;
        PilotPairs = pairs - payloadPairs;
        if (PilotPairs < 100)
        {
            throw new InvalidOperationException("The block is too small for the codeword and a pilot.");
        }
        Up = new int[pairs];
        Down = new int[pairs];
        Dither = new float[pairs];
        CodedBitOfPair = new int[pairs];
        PilotBit = new byte[pairs];

        var rng = new KeyedRandom(key, "audio-watermark/pairs/v2");
        var bands = new int[Bands];
        for (int q = 0; q < BlockSlots; q++)
        {
            for (int b = 0; b < Bands; b++)
            {
                bands[b] = b;
            }
            rng.Shuffle(bands);
            for (int k = 0; k < PairsPerSlot; k++)
            {
                int p = (q * PairsPerSlot) + k;
                Up[p] = bands[2 * k];
                Down[p] = bands[(2 * k) + 1];
            }
        }
        // Which pair carries what: a keyed shuffle spreads each coded bit's copies over the block.
        var order = new int[pairs];
        for (int i = 0; i < pairs; i++)
        {
            order[i] = i;
        }
        rng.Shuffle(order);
        for (int n = 0; n < pairs; n++)
        {
            int p = order[n];
            CodedBitOfPair[p] = n < payloadPairs ? n / PairsPerCodedBit : -1;
            PilotBit[p] = (byte)(rng.NextBit() ? 1 : 0);
            Dither[p] = (float)((rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)));
        }
        var whitening = new byte[PayloadCodec.InfoBits];
        var wrng = new KeyedRandom(key, "audio-watermark/whitening/v1");
        for (int i = 0; i < whitening.Length; i++)
        {
            whitening[i] = (byte)(wrng.NextBit() ? 1 : 0);
        }
        Codec = new PayloadCodec(whitening);
    }

    /// <summary>FFT bin edges of the bands: band b covers bins [BandEdges[b], BandEdges[b + 1]).</summary>
    public int[] BandEdges { get; }

    public int Bands { get; }

    public int PairsPerSlot { get; }

    public int PilotPairs { get; }

    /// <summary>Pair p = q * PairsPerSlot + k lives in block slot q; its feature is log E(Up) - log E(Down).</summary>
    public int[] Up { get; }

    public int[] Down { get; }

    /// <summary>Keyed dither of each pair, as a fraction of the quantiser step.</summary>
    public float[] Dither { get; }

    /// <summary>Coded bit carried by each pair; -1 for a pilot pair.</summary>
    public int[] CodedBitOfPair { get; }

    /// <summary>Bit a pilot pair carries (ignored for payload pairs).</summary>
    public byte[] PilotBit { get; }

    public PayloadCodec Codec { get; }

    /// <summary>Bands widen with frequency (about 8% of their frequency, at least 4 bins = 125 Hz), so that a
    /// speed error left by the detector's search moves a band's energy by a small fraction of its width; an even
    /// number of bands so that every band of a slot is in one pair.</summary>
    private static int[] BuildBandEdges()
    {
        var edges = new List<int> { FirstBin };
        int e = FirstBin;
        while (true)
        {
            int next = Math.Max(e + 4, (int)Math.Round(e * 1.08));
            if (next > LastBin)
            {
                break;
            }
            edges.Add(next);
            e = next;
        }
        if ((edges.Count - 1) % 2 == 1)
        {
            edges.RemoveAt(edges.Count - 1);
        }
        return edges.ToArray();
    }
}
