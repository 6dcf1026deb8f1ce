using System.Xml;
using System.Xml.Linq;

namespace Provenance.Core.Labeling;

/// <summary>
/// An XMP packet as far as this service needs it: read and set simple text properties of the top-level
/// <c>rdf:Description</c> (attribute or element form), keep everything else as it was. Untrusted packets are
/// parsed with DTDs prohibited and a size bound.
/// </summary>
public sealed class XmpPacket
{
    /// <summary>Larger packets are refused; extended XMP in JPEG tops out well below this.</summary>
    public const int MaxCharacters = 4 * 1024 * 1024;

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace AdobeMeta = "adobe:ns:meta/";
    private readonly XDocument _document;

    private XmpPacket(XDocument document) => _document = document;

    /// <summary>A packet with an empty description.</summary>
    public static XmpPacket CreateEmpty() => new(new XDocument(
        new XElement(AdobeMeta + "xmpmeta", new XAttribute(XNamespace.Xmlns + "x", AdobeMeta.NamespaceName),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf.NamespaceName),
                new XElement(Rdf + "Description", new XAttribute(Rdf + "about", ""))))));

    /// <summary>Parses an untrusted packet; null when it is not well-formed XMP (no rdf:RDF) or too large.</summary>
    public static XmpPacket? TryParse(string? packet)
    {
        if (string.IsNullOrWhiteSpace(packet) || packet.Length > MaxCharacters)
        {
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(packet.TrimStart('\uFEFF')), settings);
            var document = XDocument.Load(reader);
            return document.Descendants(Rdf + "RDF").Any() ? new XmpPacket(document) : null;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The text value of a simple property, from any top-level description; null when absent.</summary>
    public string? GetProperty(XNamespace ns, string name)
    {
        foreach (var description in Descriptions())
        {
            if (description.Attribute(ns + name) is { } attribute)
            {
                return attribute.Value;
            }
            if (description.Element(ns + name) is { } element && !element.HasElements)
            {
                return element.Value;
            }
        }
        return null;
    }

    /// <summary>Sets a simple property (as an attribute of the first description), replacing any earlier value.</summary>
    public void SetProperty(XNamespace ns, string preferredPrefix, string name, string value)
    {
        RemoveProperty(ns, name);
        var description = Descriptions().FirstOrDefault() ?? AddDescription();
        if (description.GetPrefixOfNamespace(ns) is null)
        {
            description.SetAttributeValue(XNamespace.Xmlns + preferredPrefix, ns.NamespaceName);
        }
        description.SetAttributeValue(ns + name, value);
    }

    public void RemoveProperty(XNamespace ns, string name)
    {
        foreach (var description in Descriptions())
        {
            description.Attribute(ns + name)?.Remove();
            description.Elements(ns + name).Remove();
        }
    }

    /// <summary>The packet with its xpacket wrapper, ready to embed.</summary>
    public override string ToString()
    {
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = " " };
        using var text = new StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
        {
            _document.Root!.WriteTo(writer);
        }
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" + text + "\n<?xpacket end=\"w\"?>";
    }

    private IEnumerable<XElement> Descriptions() =>
        _document.Descendants(Rdf + "RDF").Take(1).Elements(Rdf + "Description");

    private XElement AddDescription()
    {
        var description = new XElement(Rdf + "Description", new XAttribute(Rdf + "about", ""));
        _document.Descendants(Rdf + "RDF").First().Add(description);
        return description;
    }
}
