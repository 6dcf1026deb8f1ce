using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Where the audio mark lives: a grid of time-frequency cells at the internal 16 kHz rate, and the keyed map from
/// cells to what they carry. A cell is one band (a few FFT bins, wider with frequency) over one slot (four STFT hops,
/// 64 ms). Within each slot the bands are paired (a pair's difference of log energies is left alone by a gain
/// change, the loudness contour and any effect common to the slot: patchwork, as audiowmark pairs up/down bins):
/// by default neighbouring bands with a keyed direction (comb pairing, whose small host difference noise and codecs
/// disturb least), or by a keyed permutation of the slot's bands; and
/// the pairs of a slot are joined into groups of <see cref="PairsPerGroup"/>. A group's feature is the sum of its
/// pairs' differences and carries one bit by dither modulation (<see cref="DitherModulation"/>) with its own keyed
/// dither: summing before the reading averages an attack's error on the cells (spread-transform dither modulation),
/// where reading each pair alone and adding the readings only adds what each pair kept. A block of
/// <see cref="BlockSlots"/> slots (4.6 s) holds every coded bit of <see cref="PayloadCodec.CodedBits"/> in as many
/// groups as fit and the pilot (keyed bits the detector knows, for synchronisation) in the rest; it repeats for the
/// length of the signal, so any 5-second window holds every group at least once, in some cyclic order the detector
/// recovers with the pilot. A group lies within one slot, so that a window cut anywhere holds whole groups.
/// </summary>
internal sealed class MarkLayout
{
    public const int SampleRate = 16_000;
    public const int FrameLength = 512;
    public const int Hop = 256;
    public const int FramesPerSlot = 4;
    public const int SlotSamples = Hop * FramesPerSlot;
    public const int BlockSlots = 72;
    /// <summary>Lowest and highest FFT bin marked: 187.5 Hz to about 6 kHz, inside every codec's and a 16 kHz
    /// resampler's pass band.</summary>
    public const int FirstBin = 6;
    public const int LastBin = 208;
    private const int MinPilotGroups = 100;

    /// <param name="key">Derives every keyed choice.</param>
    /// <param name="pairsPerGroup">Pairs summed into one feature (1 or 2; <see cref="AudioWatermarkTuning"/>).</param>
    /// <param name="combPairing">Pair each band with its neighbour (up, down, up, down over four adjacent bands per
    /// group) instead of a keyed permutation of the slot's bands: the host's difference between neighbours is small,
    /// so noise or a codec that compresses log-energy differences moves it little.</param>
    public MarkLayout(ReadOnlySpan<byte> key, int pairsPerGroup = 1, bool combPairing = false, int combGap = 1)
    {
        BandEdges = BuildBandEdges();
        Bands = BandEdges.Length - 1;
        PairsPerSlot = Bands / 2;
        if (pairsPerGroup < 1 || PairsPerSlot % pairsPerGroup != 0)
        {
            throw new ArgumentException($"{PairsPerSlot} pairs per slot cannot be split into groups of {pairsPerGroup}.");
        }
        PairsPerGroup = pairsPerGroup;
        CombPairing = combPairing;
        if (combGap is not (1 or 2) || (combGap == 2 && Bands % 4 != 0))
        {
            throw new ArgumentException($"A comb gap of {combGap} does not fit {Bands} bands.");
        }
        // Canonical order of the slot's bands under comb pairing: pairs (b, b + gap), so with a gap of 2 the bands
        // 0..3 give the pairs (0, 2) and (1, 3).
        CombOrder = new int[Bands];
        for (int b = 0; b < Bands; b++)
        {
            CombOrder[b] = combGap == 1 ? b : (b / 4 * 4) + (b % 4 / 2) + (b % 2 * 2);
        }
        GroupsPerSlot = PairsPerSlot / pairsPerGroup;
        int pairs = PairsPerSlot * BlockSlots;
        int groups = GroupsPerSlot * BlockSlots;
        CopiesPerCodedBit = (groups - MinPilotGroups) / PayloadCodec.CodedBits;
        if (CopiesPerCodedBit < 1)
        {
            throw new InvalidOperationException("The block is too small for the codeword and a pilot.");
        }
        int payloadGroups = PayloadCodec.CodedBits * CopiesPerCodedBit;
        PilotGroups = groups - payloadGroups;
        Up = new int[pairs];
        Down = new int[pairs];
        Dither = new float[groups];
        CodedBitOfGroup = new int[groups];
        PilotBit = new byte[groups];

        var rng = new KeyedRandom(key, "audio-watermark/pairs/v2");
        var bands = new int[Bands];
        for (int q = 0; q < BlockSlots; q++)
        {
            for (int b = 0; b < Bands; b++)
            {
                bands[b] = combPairing ? CombOrder[b] : b;
            }
            if (combPairing)
            {
                // Which way round each group's comb points is keyed, so that the host's own slope cancels on average.
                for (int g = 0; g < GroupsPerSlot; g++)
                {
                    if (rng.NextBit())
                    {
                        for (int i = g * 2 * pairsPerGroup; i < (g + 1) * 2 * pairsPerGroup; i += 2)
                        {
                            (bands[i], bands[i + 1]) = (bands[i + 1], bands[i]);
                        }
                    }
                }
            }
            else
            {
                rng.Shuffle(bands);
            }
            for (int k = 0; k < PairsPerSlot; k++)
            {
                int p = (q * PairsPerSlot) + k;
                Up[p] = bands[2 * k];
                Down[p] = bands[(2 * k) + 1];
            }
        }
        // Which group carries what: a keyed shuffle spreads each coded bit's copies over the block.
        var order = new int[groups];
        for (int i = 0; i < groups; i++)
        {
            order[i] = i;
        }
        rng.Shuffle(order);
        for (int n = 0; n < groups; n++)
        {
            int g = order[n];
            CodedBitOfGroup[g] = n < payloadGroups ? n / CopiesPerCodedBit : -1;
            PilotBit[g] = (byte)(rng.NextBit() ? 1 : 0);
            Dither[g] = (float)((rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)));
        }
        Orientation = new sbyte[groups];
        for (int g = 0; g < groups; g++)
        {
            // Under comb pairing the up band of the group's first pair is either the lower band of its position
            // (feature = canonical) or the upper one (feature = -canonical); see CanonicalFeature.
            Orientation[g] = (sbyte)(Up[FirstPair(g)] == CombOrder[2 * (g % GroupsPerSlot) * pairsPerGroup] ? 1 : -1);
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

    public int PairsPerGroup { get; }

    public int GroupsPerSlot { get; }

    /// <summary>Pairs of neighbouring bands: group m of every slot covers the same bands, only its sign is keyed.</summary>
    public bool CombPairing { get; }

    /// <summary>Under comb pairing, +1 when group g's feature is <see cref="CanonicalFeature"/> of its position in the
    /// slot, -1 when it is its negative.</summary>
    public sbyte[] Orientation { get; }

    /// <summary>Under comb pairing, the slot's bands in pair order: pair position k is (CombOrder[2k], CombOrder[2k + 1]).</summary>
    public int[] CombOrder { get; }

    public int CopiesPerCodedBit { get; }

    public int PilotGroups { get; }

    /// <summary>Pair p = q * PairsPerSlot + k lives in block slot q; its difference is log E(Up) - log E(Down).
    /// Group g = q * GroupsPerSlot + m holds pairs q * PairsPerSlot + m * PairsPerGroup + i, i &lt; PairsPerGroup.</summary>
    public int[] Up { get; }

    public int[] Down { get; }

    /// <summary>Keyed dither of each group, as a fraction of the quantiser step.</summary>
    public float[] Dither { get; }

    /// <summary>Coded bit carried by each group; -1 for a pilot group.</summary>
    public int[] CodedBitOfGroup { get; }

    /// <summary>Bit a pilot group carries (ignored for payload groups).</summary>
    public byte[] PilotBit { get; }

    public PayloadCodec Codec { get; }

    /// <summary>First pair of group <paramref name="g"/>.</summary>
    public int FirstPair(int g) => (g / GroupsPerSlot * PairsPerSlot) + (g % GroupsPerSlot * PairsPerGroup);

    /// <summary>
    /// Group <paramref name="g"/>'s feature in a row of log cell energies (one slot): the sum of its pairs'
    /// differences. False when a cell of the group is under <paramref name="silence"/> (never marked).
    /// </summary>
    public bool TryFeature(ReadOnlySpan<float> row, float silence, int g, out double feature)
    {
        feature = 0;
        int p0 = FirstPair(g);
        for (int p = p0; p < p0 + PairsPerGroup; p++)
        {
            float up = row[Up[p]], down = row[Down[p]];
            if (up < silence || down < silence)
            {
                return false;
            }
            feature += up - down;
        }
        return true;
    }

    /// <summary>
    /// Under comb pairing, the feature of group position <paramref name="m"/> of a slot with every pair pointing up
    /// from its lower band; a group's feature is this times its <see cref="Orientation"/>. It does not depend on the
    /// block slot, which lets the detector read each row once for all 72 block positions it tries.
    /// </summary>
    public bool TryCanonicalFeature(ReadOnlySpan<float> row, float silence, int m, out double feature)
    {
        feature = 0;
        int b0 = 2 * m * PairsPerGroup;
        for (int b = b0; b < b0 + (2 * PairsPerGroup); b += 2)
        {
            float up = row[CombOrder[b]], down = row[CombOrder[b + 1]];
            if (up < silence || down < silence)
            {
                return false;
            }
            feature += up - down;
        }
        return true;
    }

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
