using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Icc;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Xmp;

namespace Provenance.Core.Tests.TestData;

/// <summary>What an independent reader (MetadataExtractor 2.4.3) finds in a file, as tag name -> description.</summary>
internal sealed record MetadataReadBack(
    IReadOnlyDictionary<string, string> Exif,
    IReadOnlyDictionary<string, string> Icc,
    IReadOnlyDictionary<string, string> Xmp,
    IReadOnlyDictionary<string, string> Iptc)
{
    public static MetadataReadBack Of(byte[] file)
    {
        using var stream = new MemoryStream(file);
        var directories = ImageMetadataReader.ReadMetadata(stream);
        var xmp = directories.OfType<XmpDirectory>().FirstOrDefault();
        return new MetadataReadBack(
            Tags(directories.OfType<ExifDirectoryBase>()),
            Tags(directories.OfType<IccDirectory>()),
            new Dictionary<string, string>(xmp?.GetXmpProperties() ?? new Dictionary<string, string>()),
            Tags(directories.OfType<IptcDirectory>()));
    }

    private static Dictionary<string, string> Tags(IEnumerable<MetadataExtractor.Directory> directories)
    {
        var tags = new Dictionary<string, string>();
        foreach (var directory in directories)
        {
            foreach (var tag in directory.Tags)
            {
                tags.TryAdd($"{directory.Name}/{tag.Name}", tag.Description ?? "");
            }
        }
        return tags;
    }
}
