using System.Numerics;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// Estimates the bits a baseline JPEG with optimised Huffman tables spends on a sequence of 8 x 8 luma blocks. Each
/// block is coded as T.81 F.1.2 codes it: the DC as its difference from the previous block's (magnitude category as a
/// Huffman symbol, then the magnitude's bits), the AC as run-of-zeros and category symbols with ZRL for runs over 15
/// and EOB after the last non-zero coefficient. The symbols cost the code lengths libjpeg's optimiser
/// (jpeg_gen_optimal_table, <see cref="HuffmanCodeLengths"/>) gives them for these blocks' frequencies, as Sign's
/// encodes do (TurboJpegEnvironment sets TJ_OPTIMIZE). Two estimates over the same blocks, the input's coefficients
/// and the marked ones, differ by about what the mark adds to the file, without an encode.
/// Add blocks with <see cref="AddBlock"/> (<see cref="StartRow"/> where the sequence skips), then read <see cref="Bits"/>.
/// </summary>
internal sealed class JpegLumaBitEstimate
{
    private const int Eob = 0x00;
    private const int Zrl = 0xF0;

    /// <summary>Natural-order index of each zigzag position (T.81 figure A.6).</summary>
    internal static ReadOnlySpan<byte> ZigzagToNatural =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private readonly long[] _dcSymbols = new long[256];
    private readonly long[] _acSymbols = new long[256];
    private long _magnitudeBits;
    private int? _previousDc;

    /// <summary>
    /// The next block does not follow the previous one in the file (a sampled estimate skips rows): its DC is taken
    /// as its own prediction, which leaves out one difference per row rather than adding one across the skip.
    /// </summary>
    public void StartRow() => _previousDc = null;

    /// <summary>Adds one block's quantised coefficients (natural order, DC at 0).</summary>
    public void AddBlock(ReadOnlySpan<int> quantised)
    {
        int dc = quantised[0];
        int difference = dc - (_previousDc ?? dc);
        _previousDc = dc;
        int dcSize = Category(difference);
        _dcSymbols[dcSize]++;
        _magnitudeBits += dcSize;

        // Walk the non-zero AC coefficients in zigzag order by their bits: most of a block is zero, and a loop over
        // all 63 with a branch on each was most of the estimate's time.
        ulong nonZero = ZigzagNonZero(quantised) & ~1UL;
        var zigzag = ZigzagToNatural;
        int previous = 0;
        while (nonZero != 0)
        {
            int z = BitOperations.TrailingZeroCount(nonZero);
            nonZero &= nonZero - 1;
            int run = z - previous - 1;
            previous = z;
            while (run > 15)
            {
                _acSymbols[Zrl]++;
                run -= 16;
            }
            int size = Category(quantised[zigzag[z]]);
            _acSymbols[(run << 4) | size]++;
            _magnitudeBits += size;
        }
        if (previous < 63)
        {
            _acSymbols[Eob]++;
        }
    }

    /// <summary>Bit z set where the coefficient at zigzag position z is not zero.</summary>
    private static ulong ZigzagNonZero(ReadOnlySpan<int> quantised)
    {
        // The natural-order mask a byte at a time, each byte's bits moved to their zigzag positions by a table.
        var tables = ZigzagByteTables;
        ulong mask = 0;
        for (int i = 0; i < 8; i++)
        {
            var row = Vector256.Create(quantised.Slice(i * 8, 8));
            uint bits = ~Vector256.Equals(row, Vector256<int>.Zero).ExtractMostSignificantBits() & 0xFF;
            mask |= tables[i * 256 + (int)bits];
        }
        return mask;
    }

    // [i * 256 + v]: the zigzag bits of natural positions 8i..8i+7 whose bits are set in v.
    private static readonly ulong[] ZigzagByteTables = BuildZigzagByteTables();

    private static ulong[] BuildZigzagByteTables()
    {
        Span<int> zigzagOf = stackalloc int[64];
        for (int z = 0; z < 64; z++)
        {
            zigzagOf[ZigzagToNatural[z]] = z;
        }
        var tables = new ulong[8 * 256];
        for (int i = 0; i < 8; i++)
        {
            for (int v = 0; v < 256; v++)
            {
                ulong bits = 0;
                for (int j = 0; j < 8; j++)
                {
                    if ((v & (1 << j)) != 0)
                    {
                        bits |= 1UL << zigzagOf[i * 8 + j];
                    }
                }
                tables[i * 256 + v] = bits;
            }
        }
        return tables;
    }

    /// <summary>The estimated bits of every block added so far.</summary>
    public long Bits => _magnitudeBits + CodedBits(_dcSymbols) + CodedBits(_acSymbols);

    private static int Category(int value) => 32 - int.LeadingZeroCount(Math.Abs(value));

    private static long CodedBits(long[] frequencies)
    {
        var lengths = HuffmanCodeLengths(frequencies);
        long bits = 0;
        for (int i = 0; i < 256; i++)
        {
            bits += frequencies[i] * lengths[i];
        }
        return bits;
    }

    /// <summary>
    /// The code length of each symbol in the table libjpeg's jpeg_gen_optimal_table (jchuff.c) builds for these
    /// frequencies: Huffman's construction with a reserved symbol (so that no code is all ones), lengths limited to
    /// 16 bits by T.81 K.3's adjustment, then handed out in order of the unlimited lengths (ties by symbol).
    /// </summary>
    internal static int[] HuffmanCodeLengths(ReadOnlySpan<long> frequencies)
    {
        const int Reserved = 256;
        var freq = new long[257];
        frequencies[..256].CopyTo(freq);
        freq[Reserved] = 1;
        var codeSize = new int[257];
        var others = new int[257];
        Array.Fill(others, -1);
        while (true)
        {
            // The least frequent symbol, the largest index on ties (libjpeg's <=), then the next least frequent.
            int c1 = -1, c2 = -1;
            long v = long.MaxValue;
            for (int i = 0; i <= Reserved; i++)
            {
                if (freq[i] != 0 && freq[i] <= v)
                {
                    v = freq[i];
                    c1 = i;
                }
            }
            v = long.MaxValue;
            for (int i = 0; i <= Reserved; i++)
            {
                if (freq[i] != 0 && freq[i] <= v && i != c1)
                {
                    v = freq[i];
                    c2 = i;
                }
            }
            if (c2 < 0)
            {
                break;
            }
            freq[c1] += freq[c2];
            freq[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0)
            {
                c1 = others[c1];
                codeSize[c1]++;
            }
            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0)
            {
                c2 = others[c2];
                codeSize[c2]++;
            }
        }

        var lengths = new int[256];
        if (others[Reserved] < 0 && codeSize[Reserved] == 0)
        {
            // No symbol at all: nothing to code.
            return lengths;
        }
        const int MaxCodeLength = 32;
        var bits = new int[MaxCodeLength + 1];
        for (int i = 0; i <= Reserved; i++)
        {
            if (codeSize[i] != 0)
            {
                bits[Math.Min(codeSize[i], MaxCodeLength)]++;
            }
        }
        for (int i = MaxCodeLength; i > 16; i--)
        {
            while (bits[i] > 0)
            {
                int j = i - 2;
                while (bits[j] == 0)
                {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        int longest = 16;
        while (bits[longest] == 0)
        {
            longest--;
        }
        // The reserved symbol gives up one of the longest codes.
        bits[longest]--;

        int length = 1;
        for (int size = 1; size <= MaxCodeLength; size++)
        {
            for (int symbol = 0; symbol < 256; symbol++)
            {
                if (codeSize[symbol] != size)
                {
                    continue;
                }
                while (length <= 16 && bits[length] == 0)
                {
                    length++;
                }
                if (length > 16)
                {
                    break;
                }
                lengths[symbol] = length;
                bits[length]--;
            }
        }
        return lengths;
    }
}
