using System.Buffers.Binary;

namespace Provenance.Core.Formats.Wav;

/// <summary>
/// Rebuilds a WAV from its top-level chunks with some of them removed, replaced or added, every other byte copied,
/// and the RIFF size set to what the new chunks add up to. The trailer after the RIFF container is kept. A last
/// chunk of odd size that lacked its pad byte gets one, so that a chunk added after it starts on an even offset.
/// </summary>
internal sealed class WavEdit
{
    private readonly List<(uint FourCc, ByteRange? Original, byte[]? Replacement)> _chunks;
    private readonly Dictionary<long, long> _paddedLengths = [];
    private readonly int _riffEnd;

    public WavEdit(WavLayout layout)
    {
        _chunks = layout.Chunks.Select(c => (c.FourCc, (ByteRange?)new ByteRange(c.Start, c.Length), (byte[]?)null)).ToList();
        _riffEnd = layout.RiffEnd;
        foreach (var chunk in layout.Chunks)
        {
            _paddedLengths[chunk.Start] = 8L + chunk.DataLength + (chunk.DataLength & 1);
        }
    }

    public int Count => _chunks.Count;

    public int IndexOf(uint fourCc) => _chunks.FindIndex(c => c.FourCc == fourCc);

    public void RemoveAll(uint fourCc) => _chunks.RemoveAll(c => c.FourCc == fourCc);

    public void RemoveAllAfter(int index, uint fourCc)
    {
        for (int i = _chunks.Count - 1; i > index; i--)
        {
            if (_chunks[i].FourCc == fourCc)
            {
                _chunks.RemoveAt(i);
            }
        }
    }

    public void Insert(int index, uint fourCc, byte[] chunk) => _chunks.Insert(index, (fourCc, null, chunk));

    public void Replace(int index, byte[] chunk) => _chunks[index] = (_chunks[index].FourCc, null, chunk);

    /// <summary>Where chunk <paramref name="index"/> will start in the built file.</summary>
    public long OffsetOf(int index) => WavLayout.HeaderLength + _chunks.Take(index).Sum(c => LengthOf(c));

    public byte[] Build(ReadOnlySpan<byte> original)
    {
        long body = _chunks.Sum(c => LengthOf(c));
        long riffSize = 4 + body;
        if (riffSize > uint.MaxValue || WavLayout.HeaderLength + body + (original.Length - _riffEnd) > Array.MaxLength)
        {
            MediaThrow.TooLarge("The WAV file would exceed the RIFF size limit (4 GiB).");
        }
        var output = new byte[WavLayout.HeaderLength + body + (original.Length - _riffEnd)];
        original[..WavLayout.HeaderLength].CopyTo(output);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), (uint)riffSize);
        int at = WavLayout.HeaderLength;
        foreach (var chunk in _chunks)
        {
            var bytes = chunk.Replacement is { } replacement
                ? replacement
                : original.Slice((int)chunk.Original!.Value.Start, (int)chunk.Original.Value.Length);
            bytes.CopyTo(output.AsSpan(at));
            at += (int)LengthOf(chunk); // a missing pad byte stays zero
        }
        original[_riffEnd..].CopyTo(output.AsSpan(at));
        return output;
    }

    private long LengthOf((uint FourCc, ByteRange? Original, byte[]? Replacement) chunk) =>
        chunk.Replacement?.Length ?? _paddedLengths[chunk.Original!.Value.Start];
}
