using System.Buffers.Binary;
using Provenance.Core.Watermark;

namespace Provenance.Fuzz.Sweep;

/// <summary>
/// afl++-style "havoc" mutations without coverage feedback: a corpus entry with 1 to 16 stacked edits (bit flips,
/// boundary values, small arithmetic, random bytes, deleted, cloned and overwritten blocks, splices from another
/// entry, a cut). Every choice comes from the one <see cref="KeyedRandom"/> passed in, so a sweep seed and a
/// mutation number name exactly one input on every machine and every run.
/// </summary>
internal static class Havoc
{
    private static readonly sbyte[] Interesting8 = [-128, -1, 0, 1, 16, 32, 64, 100, 127];

    private static readonly short[] Interesting16 = [-32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767];

    private static readonly int[] Interesting32 = [int.MinValue, -100663046, -32769, 32768, 65535, 65536, 100663045, int.MaxValue];

    private const int Operations = 12;

    /// <summary>Structure (headers, box and chunk lengths) sits mostly at the start: half the edits land in it.</summary>
    private const int HeadBytes = 4096;

    /// <summary>One mutated input, at most <paramref name="maxLength"/> bytes, from a non-empty corpus.</summary>
    public static byte[] Mutate(KeyedRandom random, IReadOnlyList<byte[]> corpus, int maxLength)
    {
        var data = new List<byte>(corpus[random.NextInt(corpus.Count)]);
        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }
        int edits = 1 << random.NextInt(5);
        for (int i = 0; i < edits; i++)
        {
            Edit(random, data, corpus, maxLength);
        }
        return [.. data];
    }

    private static void Edit(KeyedRandom random, List<byte> data, IReadOnlyList<byte[]> corpus, int maxLength)
    {
        int operation = random.NextInt(Operations);
        if (data.Count == 0 && operation != 8)
        {
            operation = 8;
        }
        switch (operation)
        {
            case 0:
                data[Position(random, data.Count)] ^= (byte)(1 << random.NextInt(8));
                break;
            case 1:
                data[Position(random, data.Count)] = (byte)Interesting8[random.NextInt(Interesting8.Length)];
                break;
            case 2 when data.Count >= 2:
                Write(random, data, Position(random, data.Count - 1), Interesting16[random.NextInt(Interesting16.Length)], 2);
                break;
            case 3 when data.Count >= 4:
                Write(random, data, Position(random, data.Count - 3), Interesting32[random.NextInt(Interesting32.Length)], 4);
                break;
            case 4:
            {
                int at = Position(random, data.Count);
                data[at] = (byte)(data[at] + Delta(random));
                break;
            }
            case 5 when data.Count >= 4:
            {
                int size = random.NextBit() ? 2 : 4;
                int at = Position(random, data.Count - size + 1);
                bool bigEndian = random.NextBit();
                long value = Read(data, at, size, bigEndian) + Delta(random);
                Write(data, at, value, size, bigEndian);
                break;
            }
            case 6:
                data[Position(random, data.Count)] ^= (byte)(1 + random.NextInt(255));
                break;
            case 7 when data.Count > 1:
            {
                int length = BlockLength(random, data.Count - 1);
                data.RemoveRange(Position(random, data.Count - length + 1), length);
                break;
            }
            case 8 when data.Count < maxLength:
            {
                int length = BlockLength(random, Math.Min(maxLength - data.Count, Math.Max(data.Count, 1)));
                int at = random.NextInt(data.Count + 1);
                if (data.Count > 0 && random.NextInt(4) != 0)
                {
                    int from = random.NextInt(data.Count - Math.Min(length, data.Count) + 1);
                    data.InsertRange(at, data.GetRange(from, Math.Min(length, data.Count - from)));
                }
                else
                {
                    data.InsertRange(at, Enumerable.Repeat((byte)random.NextInt(256), length));
                }
                break;
            }
            case 9 when data.Count > 1:
            {
                int length = BlockLength(random, data.Count - 1);
                int from = random.NextInt(data.Count - length + 1);
                int to = Position(random, data.Count - length + 1);
                var block = data.GetRange(from, length);
                for (int i = 0; i < length; i++)
                {
                    data[to + i] = block[i];
                }
                break;
            }
            case 10:
                Splice(random, data, corpus[random.NextInt(corpus.Count)], maxLength);
                break;
            case 11:
            {
                int cut = random.NextInt(data.Count);
                data.RemoveRange(cut, data.Count - cut);
                break;
            }
        }
    }

    /// <summary>A block of another entry, over the data (half the time) or inserted into it.</summary>
    private static void Splice(KeyedRandom random, List<byte> data, byte[] other, int maxLength)
    {
        if (other.Length == 0)
        {
            return;
        }
        int length = BlockLength(random, other.Length);
        int from = random.NextInt(other.Length - length + 1);
        var block = other.AsSpan(from, length);
        if (random.NextBit() && data.Count >= length)
        {
            int to = Position(random, data.Count - length + 1);
            for (int i = 0; i < length; i++)
            {
                data[to + i] = block[i];
            }
        }
        else if (data.Count + length <= maxLength)
        {
            data.InsertRange(random.NextInt(data.Count + 1), block.ToArray());
        }
    }

    /// <summary>A position in [0, <paramref name="count"/>): half the time in the first <see cref="HeadBytes"/>.</summary>
    private static int Position(KeyedRandom random, int count) =>
        random.NextInt(random.NextBit() ? Math.Min(count, HeadBytes) : count);

    /// <summary>afl++'s block sizes: mostly small, sometimes up to 1500 bytes; never more than <paramref name="limit"/> (at least 1).</summary>
    private static int BlockLength(KeyedRandom random, int limit)
    {
        int cap = random.NextInt(4) switch { 0 or 1 => 32, 2 => 128, _ => 1500 };
        return 1 + random.NextInt(Math.Max(1, Math.Min(cap, limit)));
    }

    /// <summary>+-1..35, afl++'s arithmetic range.</summary>
    private static int Delta(KeyedRandom random) => (1 + random.NextInt(35)) * (random.NextBit() ? 1 : -1);

    private static void Write(KeyedRandom random, List<byte> data, int at, long value, int size) =>
        Write(data, at, value, size, random.NextBit());

    private static void Write(List<byte> data, int at, long value, int size, bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        for (int i = 0; i < size; i++)
        {
            data[at + (bigEndian ? size - 1 - i : i)] = bytes[i];
        }
    }

    private static long Read(List<byte> data, int at, int size, bool bigEndian)
    {
        long value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= (long)data[at + (bigEndian ? size - 1 - i : i)] << (8 * i);
        }
        return value;
    }
}
