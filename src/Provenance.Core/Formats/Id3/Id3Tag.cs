using System.Buffers.Binary;

namespace Provenance.Core.Formats.Id3;

/// <summary>
/// An ID3v2 tag at the start of a file (MP3, or FLAC as c2pa-rs writes it): version, flags, its frames, and where it
/// ends. Only the structure is read (frame IDs and sizes, bounded by the tag size, which is bounded by the file);
/// payloads are decoded on demand (<see cref="Id3Payloads"/>). A tag whose frames cannot be located byte for byte
/// (unsynchronised as a whole) is reported through <see cref="Unsynchronised"/> with no frames.
/// </summary>
internal sealed class Id3Tag
{
    public const int HeaderLength = 10;

    /// <summary>More frames than any real tag has; bounds the work a hostile tag can cause.</summary>
    public const int MaxFrames = 10_000;

    private const byte UnsynchronisationFlag = 0x80;
    private const byte ExtendedHeaderFlag = 0x40;
    private const byte FooterFlag = 0x10;

    private Id3Tag(byte major, byte flags, int end, List<Id3Frame> frames)
    {
        Major = major;
        Flags = flags;
        End = end;
        Frames = frames;
    }

    /// <summary>2, 3 or 4 (ID3v2.2, v2.3, v2.4).</summary>
    public byte Major { get; }

    public byte Flags { get; }

    public bool Unsynchronised => (Flags & UnsynchronisationFlag) != 0;

    /// <summary>Where the tag (header, frames, padding and any footer) ends and the audio stream begins.</summary>
    public int End { get; }

    public IReadOnlyList<Id3Frame> Frames { get; }

    public static bool StartsWithTag(ReadOnlySpan<byte> file) => file.Length >= 3 && file[..3].SequenceEqual("ID3"u8);

    /// <summary>
    /// Where a tag at the start of <paramref name="header"/> ends, from its 10-byte header alone; -1 when there is no
    /// tag or the header is not readable (too short, or a size byte with its high bit set).
    /// </summary>
    public static long PeekEnd(ReadOnlySpan<byte> header)
    {
        if (!StartsWithTag(header) || header.Length < HeaderLength || !IsSynchsafe(header[6..10]))
        {
            return -1;
        }
        long end = HeaderLength + ReadSynchsafe(header[6..10]);
        return header[3] == 4 && (header[5] & FooterFlag) != 0 ? end + HeaderLength : end;
    }

    /// <summary>The tag at the start of <paramref name="file"/>, or null when it does not start with "ID3".</summary>
    public static Id3Tag? Parse(ReadOnlySpan<byte> file)
    {
        if (!StartsWithTag(file))
        {
            return null;
        }
        if (file.Length < HeaderLength)
        {
            MediaThrow.Truncated("The file ends inside its ID3v2 header.");
        }
        byte major = file[3];
        byte flags = file[5];
        if (major is < 2 or > 4)
        {
            MediaThrow.Unsupported($"The ID3v2.{major} tag is of a version this service does not read (2.2, 2.3, 2.4).");
        }
        if (!IsSynchsafe(file[6..10]))
        {
            MediaThrow.Corrupt("The ID3v2 tag size is not a synchsafe integer.");
        }
        long end = PeekEnd(file);
        if (end > file.Length)
        {
            MediaThrow.Truncated($"The ID3v2 tag declares {end} bytes; the file has {file.Length}.");
        }
        int framesEnd = HeaderLength + (int)ReadSynchsafe(file[6..10]);
        var frames = new List<Id3Frame>();
        if ((flags & UnsynchronisationFlag) != 0)
        {
            return new Id3Tag(major, flags, (int)end, frames);
        }
        int pos = HeaderLength;
        if ((flags & ExtendedHeaderFlag) != 0 && major >= 3)
        {
            pos += ExtendedHeaderLength(file, major, framesEnd);
        }
        int frameHeader = major == 2 ? 6 : 10;
        while (pos + frameHeader <= framesEnd && file[pos] != 0)
        {
            if (frames.Count == MaxFrames)
            {
                MediaThrow.Corrupt($"The ID3v2 tag has more than {MaxFrames} frames.");
            }
            var id = file.Slice(pos, major == 2 ? 3 : 4);
            foreach (var c in id)
            {
                if (c is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')))
                {
                    MediaThrow.Corrupt($"The ID3v2 tag has a frame with an invalid ID at offset {pos}.");
                }
            }
            long size;
            ushort frameFlags = 0;
            if (major == 2)
            {
                size = (file[pos + 3] << 16) | (file[pos + 4] << 8) | file[pos + 5];
            }
            else
            {
                var sizeBytes = file.Slice(pos + 4, 4);
                if (major == 4 && !IsSynchsafe(sizeBytes))
                {
                    MediaThrow.Corrupt($"The ID3v2.4 frame at offset {pos} has a size that is not a synchsafe integer.");
                }
                size = major == 4 ? ReadSynchsafe(sizeBytes) : BinaryPrimitives.ReadUInt32BigEndian(sizeBytes);
                frameFlags = BinaryPrimitives.ReadUInt16BigEndian(file[(pos + 8)..]);
            }
            if (size > framesEnd - pos - frameHeader)
            {
                MediaThrow.Corrupt($"The ID3v2 frame {System.Text.Encoding.ASCII.GetString(id)} at offset {pos} runs past the end of the tag.");
            }
            frames.Add(new Id3Frame(System.Text.Encoding.ASCII.GetString(id), pos, frameHeader, (int)size, frameFlags));
            pos += frameHeader + (int)size;
        }
        // Whatever follows the last frame must be padding (zero bytes).
        if (file[pos..framesEnd].ContainsAnyExcept((byte)0))
        {
            MediaThrow.Corrupt($"The ID3v2 tag has non-zero bytes after its last frame (offset {pos}).");
        }
        return new Id3Tag(major, flags, (int)end, frames);
    }

    /// <summary>True when the frame's content is stored as is (not compressed, encrypted, unsynchronised or grouped).</summary>
    public bool IsPlain(Id3Frame frame) => Major switch
    {
        4 => (frame.Flags & 0x004F) == 0,
        3 => (frame.Flags & 0x00E0) == 0,
        _ => true,
    };

    private static int ExtendedHeaderLength(ReadOnlySpan<byte> file, byte major, int framesEnd)
    {
        if (HeaderLength + 4 > framesEnd)
        {
            MediaThrow.Corrupt("The ID3v2 extended header runs past the end of the tag.");
        }
        var sizeBytes = file.Slice(HeaderLength, 4);
        // v2.3 counts the bytes after the size field; v2.4 counts the whole extended header, as a synchsafe integer.
        long length = major == 3 ? 4L + BinaryPrimitives.ReadUInt32BigEndian(sizeBytes)
            : IsSynchsafe(sizeBytes) ? ReadSynchsafe(sizeBytes) : -1;
        if (length < 6 || length > framesEnd - HeaderLength)
        {
            MediaThrow.Corrupt("The ID3v2 extended header has an invalid size.");
        }
        return (int)length;
    }

    public static bool IsSynchsafe(ReadOnlySpan<byte> bytes) => (bytes[0] | bytes[1] | bytes[2] | bytes[3]) < 0x80;

    public static long ReadSynchsafe(ReadOnlySpan<byte> bytes) => (bytes[0] << 21) | (bytes[1] << 14) | (bytes[2] << 7) | bytes[3];

    public static void WriteSynchsafe(Span<byte> destination, int value)
    {
        if (value is < 0 or >= 1 << 28)
        {
            MediaThrow.TooLarge("An ID3v2 tag or frame cannot hold 256 MiB or more.");
        }
        destination[0] = (byte)((value >> 21) & 0x7F);
        destination[1] = (byte)((value >> 14) & 0x7F);
        destination[2] = (byte)((value >> 7) & 0x7F);
        destination[3] = (byte)(value & 0x7F);
    }
}
