namespace Provenance.Core.Formats.Bmff;

/// <summary>The extended types of the <c>uuid</c> boxes C2PA uses, as the big-endian bytes written after the box header.</summary>
internal static class BmffUuids
{
    /// <summary>D8FEC3D6-1B0E-483C-9297-5828877EC481: the manifest store (and merkle) box.</summary>
    public static ReadOnlySpan<byte> C2pa => [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];

    /// <summary>BE7ACFCB-97A9-42E8-9C71-999491E3AFAC: XMP.</summary>
    public static ReadOnlySpan<byte> Xmp => [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    public static Guid C2paGuid { get; } = new(C2pa, bigEndian: true);

    public static Guid XmpGuid { get; } = new(Xmp, bigEndian: true);
}
