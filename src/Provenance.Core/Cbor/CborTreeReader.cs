using System.Formats.Cbor;

namespace Provenance.Core.Cbor;

/// <summary>
/// Decodes one CBOR data item from untrusted bytes into a <see cref="CborNode"/> tree. Depth, input size and item
/// count are bounded; declared array and map lengths are never used to pre-allocate (every item costs at least one
/// input byte, so the input length bounds the work). Duplicate map keys and trailing bytes are refused: C2PA asks
/// for well-formed CBOR and a duplicate key would make two readers see different values.
/// </summary>
internal static class CborTreeReader
{
    public static CborNode Read(ReadOnlyMemory<byte> data) => Read(data, CborLimits.Manifest);

    public static CborNode Read(ReadOnlyMemory<byte> data, CborLimits limits)
    {
        if (data.Length == 0)
        {
            throw new CborFormatException("empty CBOR data");
        }
        if (data.Length > limits.MaxInputBytes)
        {
            throw new CborFormatException($"CBOR data of {data.Length} bytes exceeds the limit of {limits.MaxInputBytes}");
        }
        var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        var state = new State(data, limits);
        try
        {
            var root = ReadItem(reader, ref state, depth: 0);
            if (reader.BytesRemaining != 0)
            {
                throw new CborFormatException($"{reader.BytesRemaining} bytes follow the CBOR item");
            }
            return root;
        }
        catch (CborContentException e)
        {
            throw new CborFormatException("malformed CBOR: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // CborReader reports truncated input and misplaced items this way.
            throw new CborFormatException("malformed CBOR: " + e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new CborFormatException("CBOR value out of range: " + e.Message, e);
        }
    }

    private struct State(ReadOnlyMemory<byte> data, CborLimits limits)
    {
        public readonly ReadOnlyMemory<byte> Data = data;
        public readonly CborLimits Limits = limits;
        public int Items;
    }

    private static CborNode ReadItem(CborReader reader, ref State state, int depth)
    {
        if (depth > state.Limits.MaxDepth)
        {
            throw new CborFormatException($"CBOR nesting deeper than {state.Limits.MaxDepth}");
        }
        if (++state.Items > state.Limits.MaxItems)
        {
            throw new CborFormatException($"more than {state.Limits.MaxItems} CBOR items");
        }
        var start = state.Data.Length - reader.BytesRemaining;
        var node = ReadValue(reader, ref state, depth);
        var end = state.Data.Length - reader.BytesRemaining;
        node.Encoded = state.Data[start..end];
        return node;
    }

    private static CborNode ReadValue(CborReader reader, ref State state, int depth)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                return CborNode.FromInteger(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                // -1 - n, where n is up to 2^64-1.
                return CborNode.FromInteger(-1 - (Int128)reader.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.ByteString:
                return CborNode.FromBytes(reader.ReadDefiniteLengthByteString());
            case CborReaderState.StartIndefiniteLengthByteString:
                return CborNode.FromBytes(reader.ReadByteString());
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return CborNode.FromText(reader.ReadTextString());
            case CborReaderState.StartArray:
                {
                    reader.ReadStartArray();
                    var items = new List<CborNode>();
                    while (reader.PeekState() != CborReaderState.EndArray)
                    {
                        items.Add(ReadItem(reader, ref state, depth + 1));
                    }
                    reader.ReadEndArray();
                    return CborNode.FromArray(items);
                }
            case CborReaderState.StartMap:
                {
                    reader.ReadStartMap();
                    var entries = new List<KeyValuePair<CborNode, CborNode>>();
                    var keys = new HashSet<ReadOnlyMemory<byte>>(EncodedKeyComparer.Instance);
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        var key = ReadItem(reader, ref state, depth + 1);
                        var value = ReadItem(reader, ref state, depth + 1);
                        if (!keys.Add(key.Encoded))
                        {
                            throw new CborFormatException($"duplicate map key {key}");
                        }
                        entries.Add(new(key, value));
                    }
                    reader.ReadEndMap();
                    return CborNode.FromMap(entries);
                }
            case CborReaderState.Tag:
                {
                    var tag = (ulong)reader.ReadTag();
                    return CborNode.FromTag(tag, ReadItem(reader, ref state, depth + 1));
                }
            case CborReaderState.Boolean:
                return CborNode.FromBoolean(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return CborNode.Simple(CborKind.Null);
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return CborNode.FromFloat(reader.ReadDouble());
            case CborReaderState.SimpleValue:
                return CborNode.Simple(reader.ReadSimpleValue() == CborSimpleValue.Undefined ? CborKind.Undefined : CborKind.OtherSimple);
            case var other:
                throw new CborFormatException($"unexpected CBOR state {other}");
        }
    }

    /// <summary>Compares map keys by their encoded bytes (a hash set keeps the duplicate check linear).</summary>
    private sealed class EncodedKeyComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly EncodedKeyComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }
}
