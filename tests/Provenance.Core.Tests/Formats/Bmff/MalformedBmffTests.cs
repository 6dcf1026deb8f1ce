using System.Buffers.Binary;
using Provenance.Core.C2pa;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Tests.C2pa;

namespace Provenance.Core.Tests.Formats.Bmff;

/// <summary>Hostile ISO BMFF structures get a typed error after bounded work, from the validator and the signer alike.</summary>
public class MalformedBmffTests
{
    private static readonly byte[] Ftyp = Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]);

    [Fact]
    public void A_box_smaller_than_its_header_is_corrupt()
    {
        var bad = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(bad, 4);
        "moov"u8.CopyTo(bad.AsSpan(4));
        Assert.Equal(MediaError.Corrupt, Read([.. Ftyp, .. bad]).Error);
    }

    [Fact]
    public void A_box_that_claims_more_than_the_file_is_truncated()
    {
        var bad = Box("mdat", new byte[16]);
        BinaryPrimitives.WriteUInt32BigEndian(bad, 1_000_000);
        Assert.Equal(MediaError.Truncated, Read([.. Ftyp, .. bad]).Error);
    }

    [Fact]
    public void A_64_bit_size_beyond_the_file_is_truncated_without_allocation()
    {
        var bad = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bad, 1);
        "mdat"u8.CopyTo(bad.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(bad.AsSpan(8), ulong.MaxValue);
        Assert.Equal(MediaError.Truncated, Read([.. Ftyp, .. bad]).Error);
    }

    [Fact]
    public void Boxes_nested_beyond_the_depth_limit_are_refused()
    {
        var nested = Box("free", []);
        for (var i = 0; i < BmffTree.MaxDepth + 5; i++)
        {
            nested = Box("moov", nested);
        }
        var error = Read([.. Ftyp, .. nested]);
        Assert.Equal(MediaError.Corrupt, error.Error);
        Assert.Contains("nested", error.Message);
    }

    [Fact]
    public void A_file_not_starting_with_ftyp_is_refused_by_the_signer()
    {
        using var credential = C2paTestKit.ExampleCredential();
        var error = Assert.Throws<InvalidMediaException>(() =>
            new C2paManifestSigner(credential).SignStream(new MemoryStream([.. Box("moov", []), .. Ftyp]), new MemoryStream(), C2paTestKit.Request()));
        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
    }

    [Fact]
    public void A_chunk_table_that_claims_more_entries_than_it_holds_is_corrupt()
    {
        var stco = Box("stco", [0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 8]);
        var moov = Box("moov", Box("trak", Box("mdia", Box("minf", Box("stbl", stco)))));
        using var credential = C2paTestKit.ExampleCredential();
        var error = Assert.Throws<InvalidMediaException>(() =>
            new C2paManifestSigner(credential).SignStream(new MemoryStream([.. Ftyp, .. moov, .. Box("mdat", new byte[32])]), new MemoryStream(), C2paTestKit.Request()));
        Assert.Equal(MediaError.Corrupt, error.Error);
    }

    [Fact]
    public void A_c2pa_box_without_a_terminated_purpose_is_not_a_manifest()
    {
        var uuid = Box("uuid", [.. BmffUuids.C2pa, 0, 0, 0, 0, .. "manifestXXXX"u8]);
        var result = C2paTestKit.ExampleValidator().Validate(new MemoryStream([.. Ftyp, .. uuid, .. Box("mdat", new byte[8])]));
        Assert.False(result.HasManifest);
    }

    private static InvalidMediaException Read(byte[] file) =>
        Assert.Throws<InvalidMediaException>(() => C2paTestKit.ExampleValidator().Validate(new MemoryStream(file)));

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }
}
