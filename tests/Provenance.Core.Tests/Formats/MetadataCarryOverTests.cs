using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Formats;

/// <summary>
/// Metadata read from one file and written into another file of each format (standing in for a fresh encode of
/// the same pixels) is found again by our reader and by MetadataExtractor.
/// </summary>
public class MetadataCarryOverTests
{
    /// <summary>no_manifest.jpg carries EXIF, XMP, an ICC profile and IPTC; board.jpg too, in another layout.</summary>
    public static TheoryData<string> Sources() => new(TestFiles.Fixture("no_manifest.jpg"), TestFiles.Photo("board.jpg"));

    public static IEnumerable<object[]> Targets()
    {
        yield return [TestFiles.Photo("home.jpg")];
        yield return [TestFiles.Photo("graf1.png")];
        yield return [ToolSamples.Instance.CwebpLossy("fruits.jpg", 80)];
        yield return [ToolSamples.Instance.CwebpAlpha("baboon.jpg", lossless: true)];
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Metadata_survives_into_every_format(string target)
    {
        foreach (string source in Sources())
        {
            var sourceBytes = File.ReadAllBytes(source);
            var metadata = AssetHandlers.Detect(sourceBytes).ReadMetadata(sourceBytes);
            Assert.NotNull(metadata.Exif);
            Assert.NotNull(metadata.IccProfile);
            Assert.NotNull(metadata.Xmp);
            Assert.NotNull(metadata.Iptc);

            var targetBytes = File.ReadAllBytes(target);
            var handler = AssetHandlers.Detect(targetBytes);
            var written = handler.WriteMetadata(targetBytes, metadata);
            var again = handler.ReadMetadata(written);
            Assert.Equal(metadata.Exif, again.Exif);
            Assert.Equal(metadata.IccProfile, again.IccProfile);
            Assert.Equal(metadata.Xmp, again.Xmp);
            // WebP has no IPTC chunk.
            Assert.Equal(handler.Format == AssetFormat.WebP ? null : metadata.Iptc, again.Iptc);

            var expected = MetadataReadBack.Of(sourceBytes);
            var actual = MetadataReadBack.Of(written);
            Assert.NotEmpty(expected.Exif);
            Assert.Equal(expected.Exif.OrderBy(t => t.Key), actual.Exif.OrderBy(t => t.Key));
            Assert.NotEmpty(expected.Icc);
            Assert.Equal(expected.Icc.OrderBy(t => t.Key), actual.Icc.OrderBy(t => t.Key));
            Assert.NotEmpty(expected.Xmp);
            Assert.Equal(expected.Xmp.OrderBy(t => t.Key), actual.Xmp.OrderBy(t => t.Key));
            if (handler.Format == AssetFormat.Jpeg)
            {
                // MetadataExtractor reads IPTC from JPEG only; PNG's raw profile is checked by our reader above.
                Assert.NotEmpty(expected.Iptc);
                Assert.Equal(expected.Iptc.OrderBy(t => t.Key), actual.Iptc.OrderBy(t => t.Key));
            }
            if (handler.Format == AssetFormat.WebP)
            {
                XmpTests.AssertVp8xConsistent(written);
            }
            // Writing the same metadata again replaces, not duplicates.
            Assert.Equal(written, handler.WriteMetadata(written, metadata));
        }
    }

    /// <summary>cwebp -metadata all is an independent writer: what it copied from the JPEG is what we read.</summary>
    [Fact]
    public void Metadata_written_by_cwebp_reads_back_equal_to_the_source()
    {
        var source = File.ReadAllBytes(TestFiles.Fixture("no_manifest.jpg"));
        var expected = AssetHandlers.Detect(source).ReadMetadata(source);
        var webp = File.ReadAllBytes(ToolSamples.Instance.CwebpWithMetadata(TestFiles.Fixture("no_manifest.jpg")));
        var actual = AssetHandlers.Detect(webp).ReadMetadata(webp);
        Assert.Equal(expected.Exif, actual.Exif);
        Assert.Equal(expected.IccProfile, actual.IccProfile);
        Assert.Equal(expected.Xmp, actual.Xmp);
    }

    [Fact]
    public void Png_metadata_written_by_imagemagick_reads_back()
    {
        // signed_es256.png was written by ImageMagick with an eXIf chunk.
        var png = File.ReadAllBytes(TestFiles.Fixture("signed_es256.png"));
        var metadata = AssetHandlers.Detect(png).ReadMetadata(png);
        Assert.NotNull(metadata.Exif);
        Assert.Equal("Canon", MetadataReadBack.Of(png).Exif["Exif IFD0/Make"]);
    }
}
