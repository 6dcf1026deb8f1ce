namespace Provenance.Core.Formats;

/// <summary>
/// Builds an edited asset from ranges of the original and new blocks, then copies everything once into an
/// exactly sized array. Handlers describe edits with it instead of re-serialising parsed structures, which is
/// what keeps untouched bytes identical.
/// </summary>
internal sealed class Splice
{
    private readonly List<(int Start, int Length, byte[]? Bytes)> _pieces = new();
    private long _length;

    public long Length => _length;

    /// <summary>Appends <paramref name="length"/> bytes of the source starting at <paramref name="start"/>.</summary>
    public Splice Copy(int start, int length)
    {
        if (length > 0)
        {
            _pieces.Add((start, length, null));
            _length += length;
        }
        return this;
    }

    /// <summary>Appends new bytes.</summary>
    public Splice Insert(byte[] bytes)
    {
        if (bytes.Length > 0)
        {
            _pieces.Add((0, bytes.Length, bytes));
            _length += bytes.Length;
        }
        return this;
    }

    public byte[] Build(ReadOnlySpan<byte> source)
    {
        if (_length > Array.MaxLength)
        {
            MediaThrow.TooLarge($"The edited asset would be {_length} bytes.");
        }
        var output = GC.AllocateUninitializedArray<byte>((int)_length);
        int at = 0;
        foreach (var (start, length, bytes) in _pieces)
        {
            if (bytes is null)
            {
                source.Slice(start, length).CopyTo(output.AsSpan(at));
            }
            else
            {
                bytes.CopyTo(output, at);
            }
            at += length;
        }
        return output;
    }
}
