using System.Buffers.Binary;

namespace Provenance.Core.Formats.WebP;

/// <summary>
/// The RIFF structure of a WebP file: the 12-byte header ("RIFF", size, "WEBP"), the chunks inside the declared
/// RIFF size, and any bytes after it (kept as a trailer). Every chunk must fit inside the RIFF size.
/// </summary>
internal sealed class WebPLayout
{
    public const int HeaderLength = 12;

    private WebPLayout(List<RiffChunk> chunks, int riffEnd)
    {
        Chunks = chunks;
        RiffEnd = riffEnd;
    }

    public IReadOnlyList<RiffChunk> Chunks { get; }

    /// <summary>8 + the RIFF size: where the container ends and the trailer (if any) begins.</summary>
    public int RiffEnd { get; }

    public bool IsExtended => Chunks[0].FourCc == WebPChunkType.Vp8X;

    public static bool HasSignature(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8);

    public static WebPLayout Parse(ReadOnlySpan<byte> file)
    {
        if (!HasSignature(file))
        {
            MediaThrow.Unsupported("The data does not start with a RIFF WEBP header.");
        }
        uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (riffSize < 4 + 8)
        {
            MediaThrow.Corrupt($"The WebP RIFF size {riffSize} is too small to hold a chunk.");
        }
        if (riffSize > (uint)(file.Length - 8))
        {
            MediaThrow.Truncated($"The WebP RIFF size {riffSize} runs past the end of the file ({file.Length} bytes).");
        }
        int riffEnd = 8 + (int)riffSize;
        var chunks = new List<RiffChunk>();
        int pos = HeaderLength;
        while (pos < riffEnd)
        {
            if (pos + 8 > riffEnd)
            {
                MediaThrow.Corrupt($"The WebP file has {riffEnd - pos} stray bytes at the end of its RIFF container.");
            }
            uint fourCc = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 4)..]);
            if (size > (uint)(riffEnd - pos - 8))
            {
                MediaThrow.Truncated($"The WebP {WebPChunkType.Name(fourCc)} chunk at offset {pos} runs past the RIFF container.");
            }
            int length = 8 + (int)size + (int)(size & 1);
            if (length > riffEnd - pos)
            {
                MediaThrow.Corrupt($"The WebP {WebPChunkType.Name(fourCc)} chunk at offset {pos} has an odd size and no pad byte.");
            }
            chunks.Add(new RiffChunk(fourCc, pos, (int)size, length));
            pos += length;
        }
        if (chunks[0].FourCc is not (WebPChunkType.Vp8 or WebPChunkType.Vp8L or WebPChunkType.Vp8X))
        {
            MediaThrow.Corrupt($"The WebP file starts with a {chunks[0].Name} chunk instead of VP8, VP8L or VP8X.");
        }
        return new WebPLayout(chunks, riffEnd);
    }

    public int IndexOfFirst(uint fourCc)
    {
        for (int i = 0; i < Chunks.Count; i++)
        {
            if (Chunks[i].FourCc == fourCc)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The VP8X header, or one made for a simple-format file from its bitstream header.</summary>
    public Vp8xHeader ExtendedHeader(ReadOnlySpan<byte> file)
    {
        if (IsExtended)
        {
            return Vp8xHeader.Parse(Chunks[0].Data(file));
        }
        var frame = WebPBitstream.Parse(Chunks[0].FourCc, Chunks[0].Data(file));
        return new Vp8xHeader(frame.HasAlpha ? Vp8xHeader.AlphaFlag : (byte)0, frame.Width, frame.Height);
    }

    /// <summary>A chunk with its header and, for an odd size, the pad byte.</summary>
    public static byte[] BuildChunk(uint fourCc, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, fourCc);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk.AsSpan(8));
        return chunk;
    }
}
