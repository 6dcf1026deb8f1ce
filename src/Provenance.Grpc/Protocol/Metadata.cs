using System.Collections;
using System.Text;

namespace Provenance.Grpc;

/// <summary>
/// gRPC custom metadata: request headers, response headers or trailers. Keys are lower-case
/// (<c>0-9 a-z _ - .</c>); a key ending in <c>-bin</c> carries bytes (base64 on the wire), any other key carries
/// printable ASCII. Keys may repeat. Keys starting with <c>grpc-</c> are reserved for the protocol.
/// </summary>
public sealed class Metadata : IReadOnlyList<Metadata.Entry>
{
    /// <summary>The suffix that marks binary metadata.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];
    private string? _readOnlyReason;

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    /// <summary>Adds an ASCII entry. Throws <see cref="ArgumentException"/> for an invalid key or value.</summary>
    public Metadata Add(string key, string value)
    {
        var normalized = ValidateKey(key);
        if (normalized.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends with '{BinarySuffix}': add its value as bytes.", nameof(key));
        }
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ArgumentException($"The value of metadata key '{key}' must be printable ASCII (0x20-0x7E).", nameof(value));
            }
        }
        AddChecked(new Entry(normalized, value, null));
        return this;
    }

    /// <summary>Adds a binary entry; its key must end with <c>-bin</c>.</summary>
    public Metadata Add(string key, byte[] value)
    {
        var normalized = ValidateKey(key);
        if (!normalized.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Binary metadata key '{key}' must end with '{BinarySuffix}'.", nameof(key));
        }
        ArgumentNullException.ThrowIfNull(value);
        AddChecked(new Entry(normalized, null, (byte[])value.Clone()));
        return this;
    }

    /// <summary>The first ASCII value of <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        foreach (var entry in _entries)
        {
            if (!entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>The first binary value of <paramref name="key"/> (a <c>-bin</c> key), or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.ValueBytes.ToArray();
            }
        }
        return null;
    }

    /// <summary>Every entry with <paramref name="key"/>, in the order received or added.</summary>
    public IEnumerable<Entry> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Entries parsed from the wire skip the key checks: received keys are whatever the peer sent.</summary>
    internal void AddReceived(string key, string value) => _entries.Add(new Entry(key, value, null));

    internal void AddReceived(string key, byte[] value) => _entries.Add(new Entry(key, null, value));

    /// <summary>Makes later additions throw, e.g. once response headers have gone out.</summary>
    internal void MakeReadOnly(string reason) => _readOnlyReason = reason;

    private void AddChecked(Entry entry)
    {
        if (_readOnlyReason is not null)
        {
            throw new InvalidOperationException(_readOnlyReason);
        }
        _entries.Add(entry);
    }

    private static string ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var normalized = key.ToLowerInvariant();
        foreach (var c in normalized)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may only contain 0-9 a-z _ - .", nameof(key));
            }
        }
        if (normalized.StartsWith("grpc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved: keys starting with 'grpc-' belong to the protocol.", nameof(key));
        }
        return normalized;
    }

    public override string ToString()
    {
        var text = new StringBuilder("Metadata(");
        for (var i = 0; i < _entries.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(_entries[i]);
        }
        return text.Append(')').ToString();
    }

    /// <summary>One key with either an ASCII or a binary value.</summary>
    public sealed class Entry
    {
        private readonly byte[]? _bytes;

        internal Entry(string key, string? value, byte[]? bytes)
        {
            Key = key;
            Value = value;
            _bytes = bytes;
        }

        public string Key { get; }

        /// <summary>True for <c>-bin</c> keys, whose value is in <see cref="ValueBytes"/>.</summary>
        public bool IsBinary => _bytes is not null;

        /// <summary>The ASCII value; null for binary entries.</summary>
        public string? Value { get; }

        /// <summary>The binary value; empty for ASCII entries.</summary>
        public ReadOnlyMemory<byte> ValueBytes => _bytes ?? ReadOnlyMemory<byte>.Empty;

        public override string ToString() => IsBinary ? $"{Key}=[{_bytes!.Length} bytes]" : $"{Key}={Value}";
    }
}
