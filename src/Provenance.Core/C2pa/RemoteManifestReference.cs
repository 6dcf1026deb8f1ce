using System.Xml;

namespace Provenance.Core.C2pa;

/// <summary>
/// Finds the <c>dcterms:provenance</c> URL with which XMP points at a remote manifest store (spec "By Reference").
/// The XMP is untrusted: no DTDs, no external resolution, a size cap. The URL is reported, never fetched.
/// </summary>
internal static class RemoteManifestReference
{
    private const string DcTermsNamespace = "http://purl.org/dc/terms/";
    private const int MaxXmpCharacters = 4 * 1024 * 1024;

    public static string? Find(string? xmp)
    {
        if (string.IsNullOrEmpty(xmp) || xmp.Length > MaxXmpCharacters || !xmp.Contains(DcTermsNamespace, StringComparison.Ordinal))
        {
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxXmpCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xmp), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.GetAttribute("provenance", DcTermsNamespace) is { Length: > 0 } attribute)
                {
                    return attribute.Trim();
                }
                if (reader.LocalName == "provenance" && reader.NamespaceURI == DcTermsNamespace && !reader.IsEmptyElement)
                {
                    var text = reader.ReadElementContentAsString().Trim();
                    if (text.Length > 0)
                    {
                        return text;
                    }
                }
            }
        }
        catch (XmlException)
        {
            // Malformed XMP names no remote manifest.
        }
        return null;
    }
}
