using System.Text;

namespace Provenance.Core.Formats.Id3;

/// <summary>
/// The frame payloads this service reads and writes: GEOB (the C2PA manifest store, spec annex A "Embedding manifests
/// into ID3"), PRIV with owner "XMP" (the XMP packet, where c2pa-rs reads it) and TXXX "AIGC" (the GB 45438 label
/// JSON as plain text, for tag editors that show no XMP).
/// </summary>
internal static class Id3Payloads
{
    public const string C2paMimeType = "application/c2pa";

    /// <summary>The MIME type early writers used; still read, never written.</summary>
    public const string DeprecatedC2paMimeType = "application/x-c2pa-manifest-store";

    public const string C2paFileName = "c2pa";
    public const string C2paDescription = "c2pa manifest store";
    public const string XmpOwner = "XMP";
    public const string AigcDescription = "AIGC";

    private const byte Latin1 = 0;
    private const byte Utf16WithBom = 1;
    private const byte Utf16BigEndian = 2;
    private const byte Utf8 = 3;

    /// <summary>A GEOB payload: MIME type, file name and description as Latin-1, then the object.</summary>
    public static byte[] Geob(ReadOnlySpan<byte> data)
    {
        var preamble = GeobPreamble();
        var payload = new byte[preamble.Length + data.Length];
        preamble.CopyTo(payload, 0);
        data.CopyTo(payload.AsSpan(preamble.Length));
        return payload;
    }

    /// <summary>The bytes before the object in a GEOB payload this service writes.</summary>
    public static byte[] GeobPreamble() =>
        [Latin1, .. Encoding.Latin1.GetBytes(C2paMimeType), 0, .. Encoding.Latin1.GetBytes(C2paFileName), 0,
         .. Encoding.Latin1.GetBytes(C2paDescription), 0];

    /// <summary>The MIME type of a GEOB payload and where (relative to the payload) its object starts; null when malformed.</summary>
    public static (string MimeType, int ObjectOffset)? ReadGeob(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 1 || payload[0] > Utf8)
        {
            return null;
        }
        byte encoding = payload[0];
        int pos = 1;
        // The MIME type is always Latin-1; the file name and description use the frame's encoding.
        int mimeEnd = payload[pos..].IndexOf((byte)0);
        if (mimeEnd < 0)
        {
            return null;
        }
        var mime = Encoding.Latin1.GetString(payload.Slice(pos, mimeEnd));
        pos += mimeEnd + 1;
        for (int field = 0; field < 2; field++)
        {
            int length = TerminatedLength(payload[pos..], encoding);
            if (length < 0)
            {
                return null;
            }
            pos += length;
        }
        return (mime, pos);
    }

    public static bool IsC2paMimeType(string mime) => mime is C2paMimeType or DeprecatedC2paMimeType;

    public static byte[] Priv(string owner, ReadOnlySpan<byte> data) => [.. Encoding.Latin1.GetBytes(owner), 0, .. data];

    /// <summary>The owner and the data of a PRIV payload; null when it has no terminated owner.</summary>
    public static (string Owner, int DataOffset)? ReadPriv(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return end < 0 ? null : (Encoding.Latin1.GetString(payload[..end]), end + 1);
    }

    /// <summary>A TXXX payload: UTF-8 in ID3v2.4, UTF-16 with a byte order mark in ID3v2.3 (which has no UTF-8).</summary>
    public static byte[] Txxx(byte major, string description, string value)
    {
        if (major >= 4)
        {
            return [Utf8, .. Encoding.UTF8.GetBytes(description), 0, .. Encoding.UTF8.GetBytes(value)];
        }
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        return [Utf16WithBom, .. utf16.GetPreamble(), .. utf16.GetBytes(description), 0, 0, .. utf16.GetPreamble(), .. utf16.GetBytes(value)];
    }

    /// <summary>The description and value of a TXXX payload, or null when malformed.</summary>
    public static (string Description, string Value)? ReadTxxx(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 1 || payload[0] > Utf8)
        {
            return null;
        }
        byte encoding = payload[0];
        int length = TerminatedLength(payload[1..], encoding);
        if (length < 0)
        {
            return null;
        }
        int terminator = encoding is Utf16WithBom or Utf16BigEndian ? 2 : 1;
        return (Decode(payload.Slice(1, length - terminator), encoding), Decode(payload[(1 + length)..], encoding).TrimEnd('\0'));
    }

    private static string Decode(ReadOnlySpan<byte> text, byte encoding) => encoding switch
    {
        Latin1 => Encoding.Latin1.GetString(text),
        Utf8 => Encoding.UTF8.GetString(text),
        Utf16BigEndian => Encoding.BigEndianUnicode.GetString(text),
        _ => text.Length >= 2 && text[0] == 0xFE && text[1] == 0xFF ? Encoding.BigEndianUnicode.GetString(text[2..])
            : Encoding.Unicode.GetString(text.Length >= 2 && text[0] == 0xFF && text[1] == 0xFE ? text[2..] : text),
    };

    /// <summary>The length of a terminated string (terminator included) in <paramref name="encoding"/>; -1 without terminator.</summary>
    private static int TerminatedLength(ReadOnlySpan<byte> bytes, byte encoding)
    {
        if (encoding is Latin1 or Utf8)
        {
            int end = bytes.IndexOf((byte)0);
            return end < 0 ? -1 : end + 1;
        }
        for (int i = 0; i + 1 < bytes.Length; i += 2)
        {
            if (bytes[i] == 0 && bytes[i + 1] == 0)
            {
                return i + 2;
            }
        }
        return -1;
    }
}
