using System.Text;
using System.Text.RegularExpressions;

namespace Provenance.Core.Formats.Metadata;

/// <summary>Small facts about XMP packets that the containers need; building XMP is the C2PA/labelling layers' job.</summary>
internal static partial class XmpText
{
    /// <summary>Decodes a stored packet; XMP in these containers is UTF-8 (a leading BOM is dropped).</summary>
    public static string Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.StartsWith("\uFEFF"u8))
        {
            packet = packet[3..];
        }
        return Encoding.UTF8.GetString(packet);
    }

    /// <summary>
    /// The GUID the main packet gives for its JPEG extended part (xmpNote:HasExtendedXMP, 32 hex digits), or null.
    /// Written either as an attribute or as an element.
    /// </summary>
    public static string? ExtendedXmpGuid(string packet)
    {
        var match = HasExtendedXmp().Match(packet);
        return match.Success ? match.Groups["guid"].Value.ToUpperInvariant() : null;
    }

    [GeneratedRegex("""xmpNote:HasExtendedXMP\s*(?:=\s*["']|>)\s*(?<guid>[0-9A-Fa-f]{32})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HasExtendedXmp();
}
