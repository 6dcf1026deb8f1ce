using System.Buffers.Binary;
using System.Text;

namespace Provenance.Core.Jumbf;

/// <summary>Four-character box types (TBox) as big-endian integers.</summary>
internal static class BoxType
{
    public const uint Superbox = 0x6A756D62;     // "jumb"
    public const uint Description = 0x6A756D64;  // "jumd"
    public const uint Cbor = 0x63626F72;         // "cbor"
    public const uint Json = 0x6A736F6E;         // "json"
    public const uint EmbeddedFileDescription = 0x62666462; // "bfdb"
    public const uint BinaryData = 0x62696462;   // "bidb"
    public const uint Uuid = 0x75756964;         // "uuid"
    public const uint Salt = 0x63327368;         // "c2sh", C2PA's salt box inside a description's private field
    public const uint Brotli = 0x62726F62;       // "brob", a compressed manifest's payload

    public static uint FromString(string fourCc)
    {
        if (fourCc.Length != 4)
        {
            throw new ArgumentException("a box type has four characters", nameof(fourCc));
        }
        return BinaryPrimitives.ReadUInt32BigEndian(Encoding.ASCII.GetBytes(fourCc));
    }

    public static string ToText(uint type)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, type);
        var chars = new char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        }
        return new string(chars);
    }
}
