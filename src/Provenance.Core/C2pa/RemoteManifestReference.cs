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
                if (reader.GetAttribute("provenance", DcTermsNamespace) is { } attribute)
                {
                    return Remote(attribute);
                }
                if (reader.LocalName == "provenance" && reader.NamespaceURI == DcTermsNamespace && !reader.IsEmptyElement)
                {
                    return Remote(reader.ReadElementContentAsString());
                }
            }
        }
        catch (XmlException)
        {
            // Malformed XMP names no remote manifest.
        }
        return null;
    }

    /// <summary>
    /// Only an http(s) URL names a remote store. Older writers (spec 1.x) also put <c>self#jumbf=</c> references to
    /// the embedded store here; once that store is stripped they point nowhere and are not remote.
    /// </summary>
    private static string? Remote(string value)
    {
        var trimmed = value.Trim();
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? trimmed
            : null;
    }
}
