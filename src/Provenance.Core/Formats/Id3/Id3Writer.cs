using System.Buffers.Binary;

namespace Provenance.Core.Formats.Id3;

/// <summary>
/// Writes an ID3v2.3 or v2.4 tag (no extended header, no footer, no padding, not unsynchronised) from frames copied
/// byte for byte from an existing tag of the same version and new frames built here.
/// </summary>
internal sealed class Id3Writer(byte major)
{
    private readonly List<byte[]> _frames = [];

    public byte Major { get; } = major is 3 or 4 ? major : throw new ArgumentOutOfRangeException(nameof(major), major, "ID3v2.3 or v2.4 only");

    public int Length => Id3Tag.HeaderLength + _frames.Sum(f => f.Length);

    public void Copy(ReadOnlySpan<byte> file, Id3Frame frame) => _frames.Add(file[frame.Start..frame.End].ToArray());

    public void Add(string id, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[10 + payload.Length];
        System.Text.Encoding.ASCII.GetBytes(id, frame);
        if (Major == 4)
        {
            Id3Tag.WriteSynchsafe(frame.AsSpan(4), payload.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        }
        payload.CopyTo(frame.AsSpan(10));
        _frames.Add(frame);
    }

    /// <summary>The tag followed by <paramref name="audio"/>.</summary>
    public byte[] Build(ReadOnlySpan<byte> audio)
    {
        long length = (long)Length + audio.Length;
        if (length > Array.MaxLength)
        {
            MediaThrow.TooLarge("The tagged file would be too large.");
        }
        var output = new byte[length];
        "ID3"u8.CopyTo(output);
        output[3] = Major;
        output[4] = 0;
        output[5] = 0;
        Id3Tag.WriteSynchsafe(output.AsSpan(6), Length - Id3Tag.HeaderLength);
        int at = Id3Tag.HeaderLength;
        foreach (var frame in _frames)
        {
            frame.CopyTo(output, at);
            at += frame.Length;
        }
        audio.CopyTo(output.AsSpan(at));
        return output;
    }
}
