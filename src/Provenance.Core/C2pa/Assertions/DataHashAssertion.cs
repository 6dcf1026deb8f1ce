using System.Formats.Cbor;
using Provenance.Core.Cbor;
using Provenance.Core.Formats;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// The <c>c2pa.hash.data</c> hard binding: a hash over the asset minus excluded byte ranges (the manifest store).
/// The builder reserves the encoding's size before the store's position is known ("multiple step processing"):
/// <see cref="ReservedLength"/> is the size with the widest possible integers, and <see cref="Encode"/> fills the
/// difference with zero padding so the final encoding has exactly that size.
/// </summary>
internal static class DataHashAssertion
{
    public const string Name = "jumbf manifest";

    /// <summary>
    /// Padding of the reserved encoding. At 24 bytes and above the byte string's head is two bytes, and the final
    /// padding (24 plus at most 16 bytes saved by narrower integers) stays below 256: every size is reachable.
    /// </summary>
    private const int ReservationPad = 24;

    public static int ReservedLength(int hashLength) => EncodeCore(long.MaxValue, long.MaxValue, new byte[hashLength], ReservationPad).Length;

    /// <summary>Encodes the assertion with <paramref name="exclusion"/>, padded to exactly <paramref name="targetLength"/> bytes.</summary>
    public static byte[] Encode(ByteRange exclusion, ReadOnlySpan<byte> hash, int targetLength)
    {
        var unpadded = EncodeCore(exclusion.Start, exclusion.Length, hash, ReservationPad);
        var pad = ReservationPad + (targetLength - unpadded.Length);
        if (pad < ReservationPad)
        {
            throw new InvalidOperationException("the data hash assertion outgrew its reservation");
        }
        var encoded = EncodeCore(exclusion.Start, exclusion.Length, hash, pad);
        if (encoded.Length != targetLength)
        {
            throw new InvalidOperationException($"the data hash assertion is {encoded.Length} bytes, {targetLength} were reserved");
        }
        return encoded;
    }

    private static byte[] EncodeCore(long start, long length, ReadOnlySpan<byte> hash, int padLength)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(5);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("start");
        writer.WriteInt64(start);
        writer.WriteTextString("length");
        writer.WriteInt64(length);
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteTextString("name");
        writer.WriteTextString(Name);
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("pad");
        writer.WriteByteString(new byte[padLength]);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A decoded data hash: exclusions in order, the algorithm named here (if any), the hash (if any).</summary>
    public sealed record Contents(IReadOnlyList<ByteRange> Exclusions, string? Algorithm, byte[]? Hash);

    /// <summary>Decodes the assertion; null when the exclusions are not well-formed (negative, non-integer, not maps).</summary>
    public static Contents? Decode(CborNode node)
    {
        if (!node.IsMap)
        {
            return null;
        }
        var exclusions = new List<ByteRange>();
        if (node["exclusions"] is { } list)
        {
            if (!list.IsArray)
            {
                return null;
            }
            foreach (var item in list.Items)
            {
                if (!item.TryGetInt64("start", out var start) || !item.TryGetInt64("length", out var length) || start < 0 || length < 0)
                {
                    return null;
                }
                exclusions.Add(new ByteRange(start, length));
            }
        }
        byte[]? hash = node.TryGetBytes("hash", out var h) ? h.ToArray() : null;
        return new Contents(exclusions, node.GetText("alg"), hash);
    }
}
