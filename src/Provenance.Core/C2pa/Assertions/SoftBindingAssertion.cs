using System.Formats.Cbor;
using Provenance.Core.Cbor;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// The <c>c2pa.soft-binding</c> assertion (spec "Soft Binding"): the algorithm name and one block whose value is the
/// watermark payload, scoped to the whole asset (an empty scope map).
/// </summary>
internal static class SoftBindingAssertion
{
    /// <summary>
    /// This service's watermark algorithm, named in our own reverse-DNS namespace because it is not on the C2PA
    /// soft-binding algorithm list: a spread-spectrum mark carrying a 64-bit ID.
    /// </summary>
    public const string WatermarkAlgorithm = "org.provenance.watermark.ss64";

    public static byte[] Encode(string algorithm, ReadOnlySpan<byte> value)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(3);
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("blocks");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("scope");
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteTextString("value");
        writer.WriteByteString(value);
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteTextString("pad");
        writer.WriteByteString([]);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>The algorithm and the first block's value (bytes, or text for writers that store a string).</summary>
    public static (string? Algorithm, byte[]? Value) Decode(CborNode node)
    {
        var algorithm = node.GetText("alg");
        if (!node.TryGetArray("blocks", out var blocks) || blocks.Count == 0)
        {
            return (algorithm, null);
        }
        return blocks[0]["value"] switch
        {
            { Kind: CborKind.ByteString } bytes => (algorithm, bytes.Bytes.ToArray()),
            { Kind: CborKind.TextString } text => (algorithm, System.Text.Encoding.UTF8.GetBytes(text.Text!)),
            _ => (algorithm, null),
        };
    }
}
