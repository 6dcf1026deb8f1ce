using System.Text;
using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.Png;

/// <summary>
/// PNG text chunks as metadata carriers: XMP in iTXt "XML:com.adobe.xmp" (XMP specification part 3), and the
/// ImageMagick/exiftool "Raw profile type NAME" convention (hex dump in tEXt/zTXt/iTXt) that PNG files use for
/// IPTC and, in older files, EXIF.
/// </summary>
internal static class PngTextChunks
{
    public const string XmpKeyword = "XML:com.adobe.xmp";
    public const string RawProfilePrefix = "Raw profile type ";

    public static bool IsText(uint type) => type is PngChunkType.Itxt or PngChunkType.Ztxt or PngChunkType.Text;

    /// <summary>The keyword of a text chunk (bytes before the first NUL, at most 79), or null when malformed.</summary>
    public static string? Keyword(ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        return nul is < 1 or > 79 ? null : Encoding.Latin1.GetString(data[..nul]);
    }

    /// <summary>The text of a tEXt, zTXt or iTXt chunk (inflated, bounded), or null when malformed.</summary>
    public static byte[]? Text(uint type, ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        if (nul < 1)
        {
            return null;
        }
        var rest = data[(nul + 1)..];
        switch (type)
        {
            case PngChunkType.Text:
                return rest.ToArray();
            case PngChunkType.Ztxt:
                return rest.Length >= 1 && rest[0] == 0 ? BoundedZlib.Inflate(rest[1..], "A PNG zTXt chunk") : null;
            case PngChunkType.Itxt:
                if (rest.Length < 2)
                {
                    return null;
                }
                bool compressed = rest[0] == 1;
                if (rest[1] != 0)
                {
                    return null;
                }
                rest = rest[2..];
                // Language tag and translated keyword, each NUL-terminated.
                for (int field = 0; field < 2; field++)
                {
                    int end = rest.IndexOf((byte)0);
                    if (end < 0)
                    {
                        return null;
                    }
                    rest = rest[(end + 1)..];
                }
                return compressed ? BoundedZlib.Inflate(rest, "A PNG iTXt chunk") : rest.ToArray();
            default:
                return null;
        }
    }

    /// <summary>An uncompressed iTXt chunk holding an XMP packet, as the XMP specification asks.</summary>
    public static byte[] BuildXmp(string packet)
    {
        var keyword = Encoding.Latin1.GetBytes(XmpKeyword);
        var text = Encoding.UTF8.GetBytes(packet);
        // keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL, text.
        var data = new byte[keyword.Length + 5 + text.Length];
        keyword.CopyTo(data, 0);
        text.CopyTo(data, keyword.Length + 5);
        return PngLayout.BuildChunk(PngChunkType.Itxt, data);
    }

    /// <summary>Decodes a raw profile ("\nNAME\n   LENGTH\nHEX...") into its bytes; null when malformed.</summary>
    public static byte[]? DecodeRawProfile(ReadOnlySpan<byte> text)
    {
        // Skip the leading newline and the profile name line.
        int at = 0;
        while (at < text.Length && text[at] == (byte)'\n')
        {
            at++;
        }
        int nameEnd = text[at..].IndexOf((byte)'\n');
        if (nameEnd < 0)
        {
            return null;
        }
        at += nameEnd + 1;
        long length = 0;
        while (at < text.Length && text[at] == (byte)' ')
        {
            at++;
        }
        int digits = 0;
        while (at < text.Length && text[at] is >= (byte)'0' and <= (byte)'9' && digits < 10)
        {
            length = length * 10 + (text[at] - '0');
            at++;
            digits++;
        }
        // Two hex digits per byte must follow, so the declared length is bounded by the text itself.
        if (digits == 0 || length > (text.Length - at) / 2)
        {
            return null;
        }
        var bytes = new byte[length];
        int filled = 0;
        int high = -1;
        for (; at < text.Length && filled < bytes.Length; at++)
        {
            int value = HexValue(text[at]);
            if (value < 0)
            {
                if (text[at] is (byte)'\n' or (byte)'\r' or (byte)' ')
                {
                    continue;
                }
                return null;
            }
            if (high < 0)
            {
                high = value;
            }
            else
            {
                bytes[filled++] = (byte)(high << 4 | value);
                high = -1;
            }
        }
        return filled == bytes.Length ? bytes : null;
    }

    /// <summary>A zTXt chunk "Raw profile type NAME" holding <paramref name="profile"/> as ImageMagick writes it.</summary>
    public static byte[] BuildRawProfile(string name, ReadOnlySpan<byte> profile)
    {
        var text = new StringBuilder(profile.Length * 2 + profile.Length / 36 + 32);
        text.Append('\n').Append(name).Append('\n').Append(profile.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(8)).Append('\n');
        for (int i = 0; i < profile.Length; i++)
        {
            text.Append(profile[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            if (i % 36 == 35)
            {
                text.Append('\n');
            }
        }
        text.Append('\n');
        var keyword = Encoding.Latin1.GetBytes(RawProfilePrefix + name);
        var compressed = BoundedZlib.Deflate(Encoding.ASCII.GetBytes(text.ToString()));
        var data = new byte[keyword.Length + 2 + compressed.Length];
        keyword.CopyTo(data, 0);
        compressed.CopyTo(data, keyword.Length + 2);
        return PngLayout.BuildChunk(PngChunkType.Ztxt, data);
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
