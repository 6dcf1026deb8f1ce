using Provenance.Core.Formats;
using Provenance.Core.Formats.WebP;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Formats;

public class XmpTests
{
    private static string Packet(string marker) =>
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
        "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"" + marker + "\"/>" +
        "</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

    public static IEnumerable<object[]> Assets()
    {
        // With XMP (replaced in place), without XMP (inserted), and the odd "XMP\0://" identifier of starry_night.jpg.
        foreach (var name in new[] { "no_manifest.jpg", "signed_es256.jpg", "cloud.jpg", "libpng-test.png", "signed_es256.png" })
        {
            yield return [TestFiles.Fixture(name)];
        }
        foreach (var name in new[] { "board.jpg", "home.jpg", "starry_night.jpg", "graf1.png" })
        {
            yield return [TestFiles.Photo(name)];
        }
        foreach (var path in ContainerLayoutTests.WebPSamples())
        {
            yield return [path];
        }
    }

    [Theory]
    [MemberData(nameof(Assets))]
    public void Xmp_is_replaced_or_inserted_and_other_blocks_are_kept(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var handler = AssetHandlers.Detect(bytes);
        var packet = Packet("provenance-test-" + Path.GetFileName(path));
        var written = handler.WriteXmp(bytes, packet);

        Assert.Equal(packet, handler.ReadXmp(written));
        Assert.Equal("provenance-test-" + Path.GetFileName(path), MetadataReadBack.Of(written).Xmp["xmp:CreatorTool"]);
        Assert.Single(handler.ListBlocks(written), b => b.Kind == AssetBlockKind.Xmp);
        // Everything that is not XMP (or, in WebP, the header that flags it) is unchanged.
        Assert.Equal(NonXmpBlocks(handler, bytes), NonXmpBlocks(handler, written));
        Assert.Equal(handler.ReadManifestStore(bytes), handler.ReadManifestStore(written));

        var removed = handler.RemoveXmp(written);
        Assert.Null(handler.ReadXmp(removed));
        Assert.Empty(MetadataReadBack.Of(removed).Xmp);
        Assert.Equal(NonXmpBlocks(handler, bytes), NonXmpBlocks(handler, removed));
        if (handler.Format == AssetFormat.WebP)
        {
            AssertVp8xConsistent(written);
            AssertVp8xConsistent(removed);
        }
    }

    [Fact]
    public void Jpeg_xmp_larger_than_one_segment_is_refused()
    {
        var bytes = File.ReadAllBytes(TestFiles.Photo("home.jpg"));
        var handler = AssetHandlers.For(AssetFormat.Jpeg);
        var e = Assert.Throws<InvalidMediaException>(() => handler.WriteXmp(bytes, Packet(new string('x', 70_000))));
        Assert.Equal(MediaError.TooLarge, e.Error);
    }

    private static List<byte[]> NonXmpBlocks(IAssetHandler handler, byte[] bytes) =>
        handler.ListBlocks(bytes)
            .Where(b => b.Kind is not (AssetBlockKind.Xmp or AssetBlockKind.ExtendedXmp) && b.Name is not ("RIFF" or "VP8X"))
            .Select(b => bytes.AsSpan((int)b.Range.Start, (int)b.Range.Length).ToArray())
            .ToList();

    /// <summary>The RIFF size covers the chunks and the VP8X flags match the metadata chunks present.</summary>
    internal static void AssertVp8xConsistent(byte[] webp)
    {
        Assert.Equal((uint)webp.Length - 8, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(4)));
        var layout = WebPLayout.Parse(webp);
        if (!layout.IsExtended)
        {
            return;
        }
        var header = Vp8xHeader.Parse(layout.Chunks[0].Data(webp));
        Assert.Equal(layout.IndexOfFirst(WebPChunkType.Xmp) >= 0, header.Has(Vp8xHeader.XmpFlag));
        Assert.Equal(layout.IndexOfFirst(WebPChunkType.Exif) >= 0, header.Has(Vp8xHeader.ExifFlag));
        Assert.Equal(layout.IndexOfFirst(WebPChunkType.Iccp) >= 0, header.Has(Vp8xHeader.IccFlag));
    }
}
