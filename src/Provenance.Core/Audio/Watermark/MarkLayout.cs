using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Where the audio mark lives: a grid of time-frequency cells at the internal 16 kHz rate, and the keyed map from
/// cells to what they carry. A cell is one band (a few FFT bins, wider with frequency) over one slot (four STFT hops,
/// 64 ms). A block of <see cref="BlockSlots"/> slots (4.6 s) carries the whole codeword and repeats for the length of
/// the signal, so any 5-second window holds every cell of the block at least once, in some cyclic order that the
/// detector recovers with the pilot.
/// Each cell belongs to one unit: a coded payload bit (3 cells each, scattered over the block) or a pilot unit
/// (3 cells, keyed target sign); within a unit every cell has a keyed sign.
/// </summary>
internal sealed class MarkLayout
{
    public const int SampleRate = 16_000;
    public const int FrameLength = 512;
    public const int Hop = 256;
    public const int FramesPerSlot = 4;
    public const int SlotSamples = Hop * FramesPerSlot;
    public const int BlockSlots = 72;
    public const int CellsPerUnit = 3;
    /// <summary>Lowest and highest FFT bin marked: 187.5 Hz to 6.5 kHz, inside every codec's and a 16 kHz resampler's pass band.</summary>
    public const int FirstBin = 6;
    public const int LastBin = 208;

    public MarkLayout(ReadOnlySpan<byte> key)
    {
        BandEdges = BuildBandEdges();
        Bands = BandEdges.Length - 1;
        int cells = Bands * BlockSlots;
        int payloadCells = PayloadCodec.CodedBits * CellsPerUnit;
        if (payloadCells >= cells)
        {
            throw new InvalidOperationException("The block is too small for the codeword.");
        }
        PilotUnits = (cells - payloadCells) / CellsPerUnit;
        Units = PayloadCodec.CodedBits + PilotUnits;
        UnitOfCell = new int[cells];
        SignOfCell = new sbyte[cells];
        PilotTarget = new sbyte[PilotUnits];

        var rng = new KeyedRandom(key, "audio-watermark/cells/v1");
        var order = new int[cells];
        for (int i = 0; i < cells; i++)
        {
            order[i] = i;
        }
        rng.Shuffle(order);
        Array.Fill(UnitOfCell, -1);
        int used = Units * CellsPerUnit;
        for (int n = 0; n < cells; n++)
        {
            int cell = order[n];
            UnitOfCell[cell] = n < used ? n / CellsPerUnit : -1;
            SignOfCell[cell] = (sbyte)(rng.NextBit() ? 1 : -1);
        }
        for (int p = 0; p < PilotUnits; p++)
        {
            PilotTarget[p] = (sbyte)(rng.NextBit() ? 1 : -1);
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

    /// <summary>Units 0..CodedBits-1 are payload bits; the rest are pilot units.</summary>
    public int Units { get; }

    public int PilotUnits { get; }

    /// <summary>Unit of cell (band + slot * Bands) within the block; -1 for the few cells left unused.</summary>
    public int[] UnitOfCell { get; }

    public sbyte[] SignOfCell { get; }

    /// <summary>Target sign of each pilot unit (index unit - CodedBits).</summary>
    public sbyte[] PilotTarget { get; }

    public PayloadCodec Codec { get; }

    public static bool IsPayload(int unit) => unit >= 0 && unit < PayloadCodec.CodedBits;

    /// <summary>Bands widen with frequency (about 8% of their frequency, at least 4 bins = 125 Hz), so that a
    /// speed error left by the detector's search moves a band's energy by a small fraction of its width.</summary>
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
        return edges.ToArray();
    }
}
