namespace Provenance.Core.Jumbf;

/// <summary>The contents of a JUMBF description box (<c>jumd</c>): what a superbox is and what it is called.</summary>
internal sealed class JumbfDescription
{
    public const byte Requestable = 0x01;
    public const byte LabelPresent = 0x02;
    public const byte IdPresent = 0x04;
    public const byte SignaturePresent = 0x08;
    public const byte PrivatePresent = 0x10;

    public JumbfDescription(ReadOnlyMemory<byte> typeUuid, byte toggles, string? label, uint? id, ReadOnlyMemory<byte>? signature, JumbfBox? privateBox)
    {
        TypeUuid = typeUuid;
        Toggles = toggles;
        Label = label;
        Id = id;
        Signature = signature;
        PrivateBox = privateBox;
    }

    /// <summary>The 16-byte type UUID.</summary>
    public ReadOnlyMemory<byte> TypeUuid { get; }

    /// <summary>The four-character code of a C2PA/ISO type UUID, or null for any other UUID.</summary>
    public uint? TypeCode => JumbfTypeIds.FourCcOf(TypeUuid.Span);

    public byte Toggles { get; }

    public string? Label { get; }

    public uint? Id { get; }

    /// <summary>The optional 32-byte SHA-256 of the superbox's contents.</summary>
    public ReadOnlyMemory<byte>? Signature { get; }

    /// <summary>The optional private box (C2PA puts a <c>c2sh</c> salt here).</summary>
    public JumbfBox? PrivateBox { get; }
}
