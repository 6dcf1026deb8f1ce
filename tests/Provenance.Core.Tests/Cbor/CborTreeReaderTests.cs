using System.Formats.Cbor;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Jumbf;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Cbor;

public class CborTreeReaderTests
{
    [Fact]
    public void Reads_maps_arrays_tags_and_keeps_each_items_encoding()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(3);
        writer.WriteTextString("n");
        writer.WriteInt64(-300);
        writer.WriteTextString("list");
        writer.WriteStartArray(2);
        writer.WriteByteString([1, 2, 3]);
        writer.WriteTag(CborTag.DateTimeString);
        writer.WriteTextString("2025-01-01T00:00:00Z");
        writer.WriteEndArray();
        writer.WriteInt64(7);
        writer.WriteBoolean(true);
        writer.WriteEndMap();
        var encoded = writer.Encode();

        var root = CborTreeReader.Read(encoded);

        Assert.Equal(encoded, root.Encoded.ToArray());
        Assert.Equal(-300, root["n"]!.Integer);
        Assert.Equal([1, 2, 3], root["list"]!.Items[0].Bytes.ToArray());
        Assert.Equal(0UL, root["list"]!.Items[1].TagValue);
        Assert.True(root[7]!.Boolean);
        var inner = CborTreeReader.Read(root["list"]!.Encoded);
        Assert.Equal(2, inner.Items.Count);
    }

    [Fact]
    public void Reads_the_full_integer_range()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(2);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteCborNegativeIntegerRepresentation(ulong.MaxValue); // -2^64
        writer.WriteEndArray();

        var root = CborTreeReader.Read(writer.Encode());

        Assert.Equal((Int128)ulong.MaxValue, root.Items[0].Integer);
        Assert.Equal(-(Int128)ulong.MaxValue - 1, root.Items[1].Integer);
    }

    [Theory]
    [InlineData("a2616101616102", "duplicate map key")] // {"a": 1, "a": 2}
    [InlineData("0102", "follow the CBOR item")] // two items
    [InlineData("83010203ff", "follow")] // trailing break
    [InlineData("9a7fffffff01", "malformed")] // array declaring 2^31-1 items, holding one
    [InlineData("5bffffffffffffffff00", "malformed")] // byte string declaring 2^64-1 bytes
    [InlineData("a1", "malformed")] // map with no entries after the head
    [InlineData("", "empty")]
    public void Refuses_malformed_or_dishonest_input_with_a_typed_error(string hex, string reason)
    {
        var error = Assert.Throws<CborFormatException>(() => CborTreeReader.Read(Convert.FromHexString(hex)));
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Limits_nesting_depth()
    {
        var deep = new byte[200];
        Array.Fill(deep, (byte)0x81); // array of one element, nested 200 times...
        deep[^1] = 0x00; // ...ending in 0

        var error = Assert.Throws<CborFormatException>(() => CborTreeReader.Read(deep));
        Assert.Contains("nesting", error.Message);
        Assert.Single(CborTreeReader.Read(deep.AsMemory(190), new CborLimits(MaxDepth: 32, MaxInputBytes: 1000, MaxItems: 1000)).Items);
    }

    [Fact]
    public void Limits_item_count_and_input_size()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(100);
        for (var i = 0; i < 100; i++)
        {
            writer.WriteInt32(i);
        }
        writer.WriteEndArray();
        var encoded = writer.Encode();

        Assert.Throws<CborFormatException>(() => CborTreeReader.Read(encoded, new CborLimits(32, 10_000, MaxItems: 50)));
        Assert.Throws<CborFormatException>(() => CborTreeReader.Read(encoded, new CborLimits(32, MaxInputBytes: 100, 1000)));
        Assert.Equal(100, CborTreeReader.Read(encoded).Items.Count);
    }

    [Fact]
    public void Damaged_claims_give_only_the_typed_error()
    {
        // Real claims from c2pa-rs files, with bytes changed and cut: the reader either decodes or throws
        // CborFormatException, nothing else.
        foreach (var fixture in new[] { "C.jpg", "CACA.jpg", "C_with_CAWG_data.jpg" })
        {
            var store = ManifestStore.Parse(AssetOf(fixture));
            var claim = store.Active!.ClaimBoxes[0].Children.Single(c => c.Type == BoxType.Cbor).Payload.ToArray();
            foreach (var (label, bytes) in Mutations.Flips(claim, seed: fixture.Length, copies: 300).Concat(Mutations.Truncations(claim)))
            {
                try
                {
                    CborTreeReader.Read(bytes);
                }
                catch (CborFormatException)
                {
                }
                catch (Exception e)
                {
                    Assert.Fail($"{fixture} {label}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private static byte[] AssetOf(string fixture) =>
        Provenance.Core.Formats.AssetHandlers.Detect(File.ReadAllBytes(TestFiles.Fixture(fixture))).ReadManifestStore(File.ReadAllBytes(TestFiles.Fixture(fixture)))!;
}
