using System.Buffers.Binary;
using System.Security.Cryptography;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Jumbf;

public class JumbfReaderTests
{
    private const uint TestType = 0x74657374; // "test"

    [Fact]
    public void Reads_a_c2pa_rs_store_into_its_manifest_tree()
    {
        var root = JumbfReader.ReadSuperbox(StoreOf("CACA.jpg"));

        Assert.Equal("c2pa", root.Label);
        Assert.Equal(JumbfTypeIds.ManifestStore, root.TypeCode);
        Assert.All(root.Children, m => Assert.Equal(JumbfTypeIds.StandardManifest, m.TypeCode));
        var active = root.Children[^1];
        Assert.NotNull(active.FindChild("c2pa.assertions"));
        Assert.NotNull(active.FindChild("c2pa.claim.v2"));
        Assert.NotNull(active.FindChild("c2pa.signature"));
    }

    [Fact]
    public void Hashes_boxes_without_their_header_as_the_claims_hashed_uris_expect()
    {
        // Every hashed URI of a c2pa-rs claim is SHA-256 over the assertion's superbox minus its 8-byte header.
        var store = ManifestStore.Parse(StoreOf("C.jpg"));
        var claim = Claim.Parse(store.Active!.ClaimBoxes[0]);

        Assert.NotEmpty(claim.CreatedAssertions);
        foreach (var reference in claim.CreatedAssertions)
        {
            var box = JumbfUri.Resolve(store, store.Active, reference.Url)!.Box;
            Assert.Equal(reference.Hash!.Value.ToArray(), JumbfHash.Compute(box, HashAlgorithmName.SHA256));
        }
    }

    [Fact]
    public void Writes_superboxes_that_read_back_with_labels_types_and_salt()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var element = new JumbfSuperboxElement(JumbfTypeIds.ManifestStore, "c2pa",
        [
            new JumbfSuperboxElement(JumbfTypeIds.CborContent, "child.one", [new JumbfContentElement(BoxType.Cbor, new byte[] { 0xA0 })], salt),
            new JumbfContentElement(TestType, new byte[] { 1, 2, 3 }),
        ]);

        var bytes = element.ToArray();
        var root = JumbfReader.ReadSuperbox(bytes);

        Assert.Equal(element.Length, bytes.Length);
        Assert.Equal("c2pa", root.Label);
        var child = Assert.Single(root.Children, c => c.IsSuperbox);
        Assert.Equal("child.one", child.Label);
        Assert.Equal(JumbfTypeIds.CborContent, child.TypeCode);
        Assert.Equal(salt, child.Description!.PrivateBox!.Payload.ToArray());
        Assert.Equal(0x13, child.Description.Toggles);
        Assert.Equal(new byte[] { 1, 2, 3 }, root.Children.Single(c => c.Type == TestType).Payload.ToArray());
    }

    [Fact]
    public void Reads_the_XLBox_form_and_LBox_zero()
    {
        var payload = new byte[] { 9, 8, 7 };
        var xl = Concat(Header(1, TestType), BigEndian64(16 + (ulong)payload.Length), payload);
        var toEnd = Concat(Header(0, TestType), payload);
        var superbox = Superbox("x", xl, toEnd);

        var root = JumbfReader.ReadSuperbox(superbox);

        Assert.Equal(16, root.Children[0].HeaderLength);
        Assert.Equal(payload, root.Children[0].Payload.ToArray());
        Assert.Equal(payload, root.Children[1].Payload.ToArray());
    }

    [Theory]
    [InlineData(4u, "shorter than its own header")]
    [InlineData(1_000_000u, "only")]
    public void Refuses_box_lengths_that_do_not_fit(uint lbox, string reason)
    {
        var bad = Concat(Header(lbox, TestType), new byte[] { 1, 2, 3, 4 });
        var error = Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(Superbox("x", bad)));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Refuses_an_XLBox_longer_than_the_data_or_shorter_than_its_header()
    {
        var huge = Concat(Header(1, TestType), BigEndian64(ulong.MaxValue), new byte[4]);
        var tiny = Concat(Header(1, TestType), BigEndian64(8), new byte[4]);

        Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(Superbox("x", huge)));
        Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(Superbox("x", tiny)));
    }

    [Fact]
    public void Limits_superbox_nesting()
    {
        var box = Superbox("leaf");
        for (var i = 0; i < 40; i++)
        {
            box = Superbox("level" + i, box);
        }

        var error = Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(box));
        Assert.Contains("nested deeper", error.Message);
    }

    [Fact]
    public void Refuses_unterminated_labels_and_superboxes_without_description()
    {
        var description = Concat(Header(8 + 17 + 3, BoxType.Description), JumbfTypeIds.Create(TestType), new byte[] { 0x03 }, "abc"u8.ToArray());
        var unterminated = Concat(Header((uint)(8 + description.Length), BoxType.Superbox), description);
        var bare = Concat(Header(8 + 12, BoxType.Superbox), Header(12, TestType), new byte[4]);

        Assert.Contains("null-terminated", Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(unterminated)).Message);
        Assert.Contains("instead of a description", Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(bare)).Message);
    }

    [Fact]
    public void Accepts_zero_padding_after_the_store_and_refuses_other_trailing_bytes()
    {
        var store = Superbox("x");

        Assert.Equal("x", JumbfReader.ReadSuperbox(Concat(store, new byte[10])).Label);
        Assert.Throws<JumbfFormatException>(() => JumbfReader.ReadSuperbox(Concat(store, new byte[] { 0, 1 })));
    }

    [Fact]
    public void Damaged_stores_give_only_the_typed_error()
    {
        foreach (var fixture in new[] { "C.jpg", "CACA.jpg", "signed_es256.png" })
        {
            var store = StoreOf(fixture);
            foreach (var (label, bytes) in Mutations.Flips(store, seed: 7, copies: 400).Concat(Mutations.Truncations(store)))
            {
                try
                {
                    ManifestStore.Parse(bytes);
                }
                catch (JumbfFormatException)
                {
                }
                catch (Exception e)
                {
                    Assert.Fail($"{fixture} {label}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private static byte[] StoreOf(string fixture)
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture(fixture));
        return AssetHandlers.Detect(bytes).ReadManifestStore(bytes)!;
    }

    private static byte[] Header(uint lbox, uint type)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, lbox);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), type);
        return header;
    }

    private static byte[] BigEndian64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Superbox(string label, params byte[][] children)
    {
        var labelBytes = System.Text.Encoding.UTF8.GetBytes(label);
        var description = Concat(Header((uint)(8 + 17 + labelBytes.Length + 1), BoxType.Description),
            JumbfTypeIds.Create(TestType), new byte[] { 0x03 }, labelBytes, new byte[] { 0 });
        var body = Concat([description, .. children]);
        return Concat(Header((uint)(8 + body.Length), BoxType.Superbox), body);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
