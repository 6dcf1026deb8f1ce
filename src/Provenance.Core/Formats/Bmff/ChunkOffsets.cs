using System.Buffers.Binary;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// Patches the absolute file offsets in a <c>moov</c> box held in memory (<c>stco</c> 32-bit and <c>co64</c> 64-bit
/// chunk offsets) after boxes were inserted or removed before the media data: without this the file still parses but
/// plays garbage, the failure users report for naive embedders.
/// </summary>
internal static class ChunkOffsets
{
    /// <param name="moovBytes">The whole moov box, as read from <paramref name="moov"/>'s place in the input.</param>
    /// <param name="relocate">Maps an input offset to the output offset of the same byte.</param>
    public static void Patch(Span<byte> moovBytes, BmffBox moov, Func<long, long> relocate)
    {
        foreach (var box in Descendants(moov))
        {
            if (box.Type is not ("stco" or "co64"))
            {
                continue;
            }
            var wide = box.Type == "co64";
            var body = moovBytes.Slice((int)(box.BodyStart - moov.Start), (int)box.BodySize);
            if (body.Length < 8)
            {
                throw new InvalidMediaException(MediaError.Corrupt, $"The {box.Type} box at {box.Start} is too short for its entry count.");
            }
            var count = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            var width = wide ? 8 : 4;
            if (count > (body.Length - 8) / width)
            {
                throw new InvalidMediaException(MediaError.Corrupt, $"The {box.Type} box at {box.Start} declares {count} entries, more than it holds.");
            }
            var entries = body[8..];
            for (var i = 0; i < (int)count; i++)
            {
                var slot = entries.Slice(i * width, width);
                var old = wide ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(slot), long.MaxValue) : BinaryPrimitives.ReadUInt32BigEndian(slot);
                var moved = relocate(old);
                if (wide)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(slot, (ulong)moved);
                }
                else if (moved > uint.MaxValue)
                {
                    throw new InvalidMediaException(MediaError.TooLarge, "A 32-bit chunk offset would pass 4 GiB after the manifest is inserted.");
                }
                else
                {
                    BinaryPrimitives.WriteUInt32BigEndian(slot, (uint)moved);
                }
            }
        }
    }

    private static IEnumerable<BmffBox> Descendants(BmffBox box)
    {
        foreach (var child in box.Children)
        {
            yield return child;
            foreach (var nested in Descendants(child))
            {
                yield return nested;
            }
        }
    }
}
