using System.Buffers.Binary;

namespace Provenance.Core.Jumbf;

/// <summary>
/// JUMBF superbox type UUIDs used by C2PA. They all have the form <c>XXXXXXXX-0011-0010-8000-00AA00389B71</c> with
/// the four-character code in the first four bytes, so they are handled as that code plus a fixed suffix.
/// </summary>
internal static class JumbfTypeIds
{
    /// <summary>The 12 bytes that follow the four-character code in every ISO/C2PA JUMBF type UUID.</summary>
    private static ReadOnlySpan<byte> Suffix => [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public const uint ManifestStore = 0x63327061;     // "c2pa"
    public const uint StandardManifest = 0x63326D61;  // "c2ma"
    public const uint UpdateManifest = 0x6332756D;    // "c2um"
    public const uint CompressedManifest = 0x63326D63; // "c2cm"
    public const uint AssertionStore = 0x63326173;    // "c2as"
    public const uint Claim = 0x6332636C;             // "c2cl"
    public const uint ClaimSignature = 0x63326373;    // "c2cs"
    public const uint CborContent = 0x63626F72;       // "cbor"
    public const uint JsonContent = 0x6A736F6E;       // "json"

    /// <summary>The 16-byte UUID for a four-character code.</summary>
    public static byte[] Create(uint fourCc)
    {
        var uuid = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(uuid, fourCc);
        Suffix.CopyTo(uuid.AsSpan(4));
        return uuid;
    }

    /// <summary>The four-character code of a C2PA-style type UUID, or null when the suffix is not the JUMBF one.</summary>
    public static uint? FourCcOf(ReadOnlySpan<byte> uuid) =>
        uuid.Length == 16 && uuid[4..].SequenceEqual(Suffix) ? BinaryPrimitives.ReadUInt32BigEndian(uuid) : null;
}
