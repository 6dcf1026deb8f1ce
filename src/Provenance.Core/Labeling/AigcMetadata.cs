using System.Xml.Linq;

namespace Provenance.Core.Labeling;

/// <summary>
/// The unsigned labels a file can carry in XMP: the GB 45438 implicit label (<c>TC260:AIGC</c>, JSON text) and the
/// IPTC digital source type (<c>Iptc4xmpExt:DigitalSourceType</c>). Anyone can write or strip these; Verify
/// reports them as declarations unless a signed manifest or the watermark stands behind them.
/// </summary>
public static class AigcMetadata
{
    public static readonly XNamespace Tc260 = "http://www.tc260.org.cn/ns/AIGC/1.0/";
    public static readonly XNamespace IptcExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

    /// <summary>What an XMP packet declares; both null when the packet is absent or unreadable.</summary>
    public static (AigcLabel? Label, string? DigitalSourceType) Read(string? xmp)
    {
        var packet = XmpPacket.TryParse(xmp);
        if (packet is null)
        {
            return (null, null);
        }
        return (AigcLabel.TryParse(packet.GetProperty(Tc260, "AIGC")), packet.GetProperty(IptcExt, "DigitalSourceType"));
    }

    /// <summary>
    /// <paramref name="existingXmp"/> (or a new packet when it is absent or unreadable) with the label set, the
    /// digital source type set when one is given (kept as it was when null), and every other property kept.
    /// </summary>
    public static string Write(string? existingXmp, AigcLabel label, string? digitalSourceType)
    {
        var packet = XmpPacket.TryParse(existingXmp) ?? XmpPacket.CreateEmpty();
        packet.SetProperty(Tc260, "TC260", "AIGC", label.ToJson());
        if (digitalSourceType is not null)
        {
            packet.SetProperty(IptcExt, "Iptc4xmpExt", "DigitalSourceType", digitalSourceType);
        }
        return packet.ToString();
    }
}
