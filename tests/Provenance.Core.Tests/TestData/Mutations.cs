using System.Buffers.Binary;
using Provenance.Core.Formats.Png;

namespace Provenance.Core.Tests.TestData;

/// <summary>Damaged copies of a real file: cut at evenly spaced points, and with random bytes flipped (seeded).</summary>
internal static class Mutations
{
    public const int TruncationPoints = 16;

    /// <summary>The file cut at 16 points spread over its length (the first within its header).</summary>
    public static IEnumerable<(string Label, byte[] Bytes)> Truncations(byte[] file)
    {
        for (int i = 0; i < TruncationPoints; i++)
        {
            int length = (int)((long)file.Length * i / TruncationPoints) + (i == 0 ? 5 : 0);
            yield return ($"cut at {length}", file.AsSpan(0, Math.Min(length, file.Length - 1)).ToArray());
        }
    }

    /// <summary><paramref name="copies"/> copies with 1..8 random bytes set to random values, mostly near the start where the structure is.</summary>
    public static IEnumerable<(string Label, byte[] Bytes)> Flips(byte[] file, int seed, int copies)
    {
        var random = new Random(seed);
        for (int i = 0; i < copies; i++)
        {
            var copy = (byte[])file.Clone();
            int flips = random.Next(1, 9);
            // Half the copies are damaged in the first 4 KB (headers, segment and chunk lengths), half anywhere.
            int span = i % 2 == 0 ? Math.Min(4096, copy.Length) : copy.Length;
            for (int j = 0; j < flips; j++)
            {
                copy[random.Next(span)] = (byte)random.Next(256);
            }
            yield return ($"seed {seed} copy {i}", copy);
        }
    }

    /// <summary>
    /// For PNG: the same damage with every chunk CRC recomputed, so that it reaches libpng's inflate and
    /// unfiltering code instead of stopping at the CRC check. Other files are returned unchanged.
    /// </summary>
    public static byte[] WithRepairedPngCrcs(byte[] file)
    {
        if (!PngLayout.HasSignature(file))
        {
            return file;
        }
        var copy = (byte[])file.Clone();
        int pos = 8;
        while (pos + 12 <= copy.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(pos));
            if (length > (uint)(copy.Length - pos - 12))
            {
                break;
            }
            int dataEnd = pos + 8 + (int)length;
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(dataEnd), PngCrc.Compute(copy.AsSpan(pos + 4, (int)length + 4)));
            pos = dataEnd + 4;
        }
        return copy;
    }
}
