using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Text;
using Provenance.Core.Formats;

namespace Provenance.Core.Tests.TestData;

/// <summary>
/// Test-side reader for the exclusions c2pa-rs wrote into a fixture's c2pa.hash.data assertion: walks the JUMBF
/// store to the active manifest's assertion and decodes the CBOR. Independent of the handlers under test.
/// </summary>
internal static class C2paHashData
{
    public static IReadOnlyList<ByteRange> Exclusions(byte[] store)
    {
        var manifests = Children(store, 0).Where(c => c.Type == "jumb").ToList();
        var active = manifests[^1];
        var assertions = Children(store, active.Offset).Single(c => c.Type == "jumb" && Label(store, c.Offset) == "c2pa.assertions");
        var hashData = Children(store, assertions.Offset).First(c => c.Type == "jumb" && Label(store, c.Offset).StartsWith("c2pa.hash.data", StringComparison.Ordinal));
        var cbor = Children(store, hashData.Offset).Single(c => c.Type == "cbor");
        var reader = new CborReader(store.AsMemory(cbor.ContentOffset, cbor.ContentLength), CborConformanceMode.Lax);
        var result = new List<ByteRange>();
        int? entries = reader.ReadStartMap();
        for (int i = 0; entries is null ? reader.PeekState() != CborReaderState.EndMap : i < entries; i++)
        {
            string key = reader.ReadTextString();
            if (key != "exclusions")
            {
                reader.SkipValue();
                continue;
            }
            int? count = reader.ReadStartArray();
            for (int j = 0; count is null ? reader.PeekState() != CborReaderState.EndArray : j < count; j++)
            {
                long start = 0, length = 0;
                int? fields = reader.ReadStartMap();
                for (int k = 0; fields is null ? reader.PeekState() != CborReaderState.EndMap : k < fields; k++)
                {
                    switch (reader.ReadTextString())
                    {
                        case "start": start = reader.ReadInt64(); break;
                        case "length": length = reader.ReadInt64(); break;
                        default: reader.SkipValue(); break;
                    }
                }
                reader.ReadEndMap();
                result.Add(new ByteRange(start, length));
            }
            reader.ReadEndArray();
        }
        return result;
    }

    private readonly record struct Box(string Type, int Offset, int ContentOffset, int ContentLength);

    /// <summary>The boxes inside the superbox at <paramref name="offset"/> (its jumd description box first).</summary>
    private static List<Box> Children(byte[] data, int offset)
    {
        var (_, content, length) = Header(data, offset);
        var children = new List<Box>();
        for (int at = content; at < content + length;)
        {
            var (type, childContent, childLength) = Header(data, at);
            children.Add(new Box(type, at, childContent, childLength));
            at = childContent + childLength;
        }
        return children;
    }

    private static (string Type, int ContentOffset, int ContentLength) Header(byte[] data, int offset)
    {
        long lbox = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        string type = Encoding.ASCII.GetString(data, offset + 4, 4);
        int header = 8;
        if (lbox == 1)
        {
            lbox = (long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(offset + 8));
            header = 16;
        }
        return (type, offset + header, (int)lbox - header);
    }

    private static string Label(byte[] data, int superboxOffset)
    {
        var jumd = Children(data, superboxOffset)[0];
        // UUID (16), toggles (1), then the NUL-terminated label.
        int start = jumd.ContentOffset + 17;
        int end = Array.IndexOf(data, (byte)0, start);
        return Encoding.UTF8.GetString(data, start, end - start);
    }
}
