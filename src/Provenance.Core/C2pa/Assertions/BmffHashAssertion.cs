using System.Formats.Cbor;
using Provenance.Core.Cbor;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// The <c>c2pa.hash.bmff.v3</c> hard binding (v2 and v1 read too): exclusions by box path, the algorithm, the hash.
/// Exclusions name boxes, not byte positions, so the encoding's size does not depend on where the store ends up
/// and needs no padding. Merkle trees (fragmented MP4) are not written; a binding that relies on them is reported.
/// </summary>
internal static class BmffHashAssertion
{
    public const string Name = "jumbf manifest";

    public static byte[] Encode(IReadOnlyList<BmffExclusion> exclusions, ReadOnlySpan<byte> hash)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(4);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Count);
        foreach (var exclusion in exclusions)
        {
            writer.WriteStartMap(exclusion.Data.Count > 0 ? 2 : 1);
            writer.WriteTextString("xpath");
            writer.WriteTextString(exclusion.XPath);
            if (exclusion.Data.Count > 0)
            {
                writer.WriteTextString("data");
                writer.WriteStartArray(exclusion.Data.Count);
                foreach (var (offset, value) in exclusion.Data)
                {
                    writer.WriteStartMap(2);
                    writer.WriteTextString("offset");
                    writer.WriteInt64(offset);
                    writer.WriteTextString("value");
                    writer.WriteByteString(value);
                    writer.WriteEndMap();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("name");
        writer.WriteTextString(Name);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A decoded binding. <see cref="Hash"/> is null when only merkle trees carry the hashes.</summary>
    public sealed record Contents(IReadOnlyList<BmffExclusion> Exclusions, string? Algorithm, byte[]? Hash, bool HasMerkle);

    /// <summary>The binding, or null with a reason when its structure is not what the spec allows.</summary>
    public static Contents? Decode(CborNode node, out string? problem)
    {
        problem = null;
        if (!node.IsMap || !node.TryGetArray("exclusions", out var list))
        {
            problem = "the binding is not a map with an exclusions array";
            return null;
        }
        var exclusions = new List<BmffExclusion>();
        foreach (var item in list)
        {
            if (DecodeExclusion(item, out problem) is not { } exclusion)
            {
                return null;
            }
            exclusions.Add(exclusion);
        }
        byte[]? hash = node.TryGetBytes("hash", out var h) ? h.ToArray() : null;
        return new Contents(exclusions, node.GetText("alg"), hash, node["merkle"] is { IsArray: true, Items.Count: > 0 });
    }

    private static BmffExclusion? DecodeExclusion(CborNode item, out string? problem)
    {
        problem = null;
        if (!item.IsMap || item.GetText("xpath") is not { } xpath || !xpath.StartsWith('/'))
        {
            problem = "an exclusion has no xpath";
            return null;
        }
        var data = new List<(long, byte[])>();
        if (item.TryGetArray("data", out var dataItems))
        {
            foreach (var d in dataItems)
            {
                if (!d.TryGetInt64("offset", out var offset) || offset < 0 || !d.TryGetBytes("value", out var value)
                    || value.Length > BmffHasher.MaxDataValueBytes)
                {
                    problem = "an exclusion's data entry is not an offset and a short byte string";
                    return null;
                }
                data.Add((offset, value.ToArray()));
            }
        }
        List<(long, long)>? subsets = null;
        if (item.TryGetArray("subset", out var subsetItems))
        {
            subsets = [];
            long previousEnd = 0;
            foreach (var s in subsetItems)
            {
                if (!s.TryGetInt64("offset", out var offset) || !s.TryGetInt64("length", out var length) || offset < 0 || length < 0
                    || offset < previousEnd || offset > long.MaxValue - length)
                {
                    problem = "an exclusion's subsets are not ordered, non-overlapping offset/length pairs";
                    return null;
                }
                previousEnd = length == 0 ? long.MaxValue : offset + length;
                subsets.Add((offset, length));
            }
        }
        long? length2 = item.TryGetInt64("length", out var l) ? l : null;
        byte? version = item.TryGetInt64("version", out var v) && v is >= 0 and <= 255 ? (byte)v : null;
        uint? flags = null;
        if (item.TryGetBytes("flags", out var f))
        {
            var span = f.Span;
            flags = span.Length >= 3 ? (uint)(span[0] << 16 | span[1] << 8 | span[2]) : 0;
        }
        var exact = item["exact"] is not { Kind: CborKind.Boolean } e || e.Boolean;
        return new BmffExclusion(xpath) { Length = length2, Data = data, Subsets = subsets, Version = version, Flags = flags, Exact = exact };
    }
}
