using System.Diagnostics.CodeAnalysis;

namespace Provenance.Core.Cbor;

/// <summary>
/// One decoded CBOR data item from untrusted input. Byte and text strings are kept as read; every node remembers
/// the exact bytes it was decoded from (<see cref="Encoded"/>), because C2PA hashes and signs encoded bytes, never a
/// re-encoding.
/// </summary>
internal sealed class CborNode
{
    private static readonly IReadOnlyList<CborNode> NoItems = [];
    private static readonly IReadOnlyList<KeyValuePair<CborNode, CborNode>> NoEntries = [];

    private CborNode(CborKind kind) => Kind = kind;

    public CborKind Kind { get; private init; }

    /// <summary>The item's encoding inside the buffer it was read from.</summary>
    public ReadOnlyMemory<byte> Encoded { get; internal set; }

    public Int128 Integer { get; private init; }

    public ReadOnlyMemory<byte> Bytes { get; private init; }

    public string? Text { get; private init; }

    public IReadOnlyList<CborNode> Items { get; private init; } = NoItems;

    public IReadOnlyList<KeyValuePair<CborNode, CborNode>> Entries { get; private init; } = NoEntries;

    public ulong TagValue { get; private init; }

    public CborNode? Tagged { get; private init; }

    public bool Boolean { get; private init; }

    public double Float { get; private init; }

    public static CborNode FromInteger(Int128 value) => new(CborKind.Integer) { Integer = value };

    public static CborNode FromBytes(ReadOnlyMemory<byte> value) => new(CborKind.ByteString) { Bytes = value };

    public static CborNode FromText(string value) => new(CborKind.TextString) { Text = value };

    public static CborNode FromArray(IReadOnlyList<CborNode> items) => new(CborKind.Array) { Items = items };

    public static CborNode FromMap(IReadOnlyList<KeyValuePair<CborNode, CborNode>> entries) => new(CborKind.Map) { Entries = entries };

    public static CborNode FromTag(ulong tag, CborNode content) => new(CborKind.Tag) { TagValue = tag, Tagged = content };

    public static CborNode FromBoolean(bool value) => new(CborKind.Boolean) { Boolean = value };

    public static CborNode FromFloat(double value) => new(CborKind.Float) { Float = value };

    public static CborNode Simple(CborKind kind) => new(kind);

    /// <summary>The value under a text key of a map; null when this is not a map or the key is absent.</summary>
    public CborNode? this[string key]
    {
        get
        {
            if (Kind != CborKind.Map)
            {
                return null;
            }
            foreach (var (k, v) in Entries)
            {
                if (k.Kind == CborKind.TextString && string.Equals(k.Text, key, StringComparison.Ordinal))
                {
                    return v;
                }
            }
            return null;
        }
    }

    /// <summary>The value under an integer key of a map (COSE header labels).</summary>
    public CborNode? this[long key]
    {
        get
        {
            if (Kind != CborKind.Map)
            {
                return null;
            }
            foreach (var (k, v) in Entries)
            {
                if (k.Kind == CborKind.Integer && k.Integer == key)
                {
                    return v;
                }
            }
            return null;
        }
    }

    public bool IsMap => Kind == CborKind.Map;

    public bool IsArray => Kind == CborKind.Array;

    /// <summary>The text under <paramref name="key"/> when it is a text string.</summary>
    public string? GetText(string key) => this[key] is { Kind: CborKind.TextString } n ? n.Text : null;

    public bool TryGetBytes(string key, out ReadOnlyMemory<byte> value)
    {
        if (this[key] is { Kind: CborKind.ByteString } n)
        {
            value = n.Bytes;
            return true;
        }
        value = default;
        return false;
    }

    public bool TryGetInt64(string key, out long value)
    {
        if (this[key] is { Kind: CborKind.Integer } n && n.Integer >= long.MinValue && n.Integer <= long.MaxValue)
        {
            value = (long)n.Integer;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The node with any CBOR tags peeled off (tag 0 date strings, tag 24 embedded CBOR are left as tags).</summary>
    public CborNode Untagged()
    {
        var node = this;
        while (node.Kind == CborKind.Tag && node.Tagged is not null && node.TagValue is not 0 and not 24)
        {
            node = node.Tagged;
        }
        return node;
    }

    public bool TryGetArray(string key, [NotNullWhen(true)] out IReadOnlyList<CborNode>? items)
    {
        if (this[key] is { Kind: CborKind.Array } n)
        {
            items = n.Items;
            return true;
        }
        items = null;
        return false;
    }

    public override string ToString() => Kind switch
    {
        CborKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CborKind.TextString => Text ?? string.Empty,
        CborKind.ByteString => $"h'{Convert.ToHexString(Bytes.Span)}'",
        _ => Kind.ToString(),
    };
}
