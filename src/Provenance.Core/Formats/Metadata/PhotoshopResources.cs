using System.Buffers.Binary;

namespace Provenance.Core.Formats.Metadata;

/// <summary>
/// Photoshop image resource blocks ("8BIM" records), the container JPEG APP13 uses for IPTC-IIM. Only the IPTC
/// record (resource 0x0404) is read or written here; other resources stay where they are in the original file.
/// </summary>
internal static class PhotoshopResources
{
    public const ushort IptcResourceId = 0x0404;

    /// <summary>"Photoshop 3.0\0", the identifier that starts an APP13 resource segment.</summary>
    public static ReadOnlySpan<byte> Signature => "Photoshop 3.0\0"u8;

    /// <summary>The data of the IPTC resource, or null when the block has none. Malformed blocks end the search.</summary>
    public static byte[]? FindIptc(ReadOnlySpan<byte> resources)
    {
        int at = 0;
        while (at + 12 <= resources.Length && resources.Slice(at, 4).SequenceEqual("8BIM"u8))
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(resources[(at + 4)..]);
            int nameLength = resources[at + 6];
            // The Pascal name (length byte + text) is padded to an even size.
            int nameField = (nameLength + 2) & ~1;
            int sizeAt = at + 6 + nameField;
            if (sizeAt + 4 > resources.Length)
            {
                return null;
            }
            uint size = BinaryPrimitives.ReadUInt32BigEndian(resources[sizeAt..]);
            int dataAt = sizeAt + 4;
            if (size > (uint)(resources.Length - dataAt))
            {
                return null;
            }
            if (id == IptcResourceId)
            {
                return resources.Slice(dataAt, (int)size).ToArray();
            }
            at = dataAt + (int)size + (int)(size & 1);
        }
        return null;
    }

    /// <summary>A resource block holding only the IPTC record.</summary>
    public static byte[] BuildIptcBlock(ReadOnlySpan<byte> iptc)
    {
        int padded = iptc.Length + (iptc.Length & 1);
        var block = new byte[4 + 2 + 2 + 4 + padded];
        "8BIM"u8.CopyTo(block);
        BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan(4), IptcResourceId);
        // Empty Pascal name: length byte 0 plus one pad byte.
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(8), (uint)iptc.Length);
        iptc.CopyTo(block.AsSpan(12));
        return block;
    }
}
