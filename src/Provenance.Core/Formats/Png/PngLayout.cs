using System.Buffers.Binary;

namespace Provenance.Core.Formats.Png;

/// <summary>
/// The chunk structure of a PNG file, from the signature to IEND, plus any trailer. Lengths are bounded by the
/// file; IHDR must come first and be intact. Other chunks' CRCs are checked where their content is used.
/// </summary>
internal sealed class PngLayout
{
    public const int SignatureLength = 8;

    private PngLayout(List<PngChunk> chunks, PngHeader header, int trailerStart)
    {
        Chunks = chunks;
        Header = header;
        TrailerStart = trailerStart;
    }

    public IReadOnlyList<PngChunk> Chunks { get; }

    public PngHeader Header { get; }

    public int TrailerStart { get; }

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static PngLayout Parse(ReadOnlySpan<byte> file)
    {
        if (!HasSignature(file))
        {
            MediaThrow.Unsupported("The data does not start with the PNG signature.");
        }
        var chunks = new List<PngChunk>();
        int pos = SignatureLength;
        while (true)
        {
            if (pos + 12 > file.Length)
            {
                MediaThrow.Truncated(pos == file.Length ? "The PNG file ends before IEND." : $"The PNG file ends inside a chunk header at offset {pos}.");
            }
            uint length = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 4)..]);
            if (!PngChunkType.IsValid(type))
            {
                MediaThrow.Corrupt($"Invalid PNG chunk type at offset {pos}.");
            }
            if (length > int.MaxValue || length > (uint)(file.Length - pos - 12))
            {
                MediaThrow.Truncated($"The PNG {PngChunkType.Name(type)} chunk at offset {pos} runs past the end of the file.");
            }
            var chunk = new PngChunk(type, pos, (int)length);
            if (chunks.Count == 0)
            {
                if (type != PngChunkType.Ihdr)
                {
                    MediaThrow.Corrupt("The PNG file does not start with an IHDR chunk.");
                }
                if (!chunk.CrcMatches(file))
                {
                    MediaThrow.Corrupt("The PNG IHDR chunk fails its CRC.");
                }
            }
            chunks.Add(chunk);
            pos = chunk.End;
            if (type == PngChunkType.Iend)
            {
                break;
            }
        }
        return new PngLayout(chunks, PngHeader.Parse(chunks[0].Data(file)), pos);
    }

    public int IndexOfFirst(uint type)
    {
        for (int i = 0; i < Chunks.Count; i++)
        {
            if (Chunks[i].Type == type)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Builds a complete chunk (length, type, data, CRC).</summary>
    public static byte[] BuildChunk(uint type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), type);
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), PngCrc.Compute(chunk.AsSpan(4, data.Length + 4)));
        return chunk;
    }

    /// <summary>Throws Corrupt unless the chunk's CRC matches; used before a chunk's content is interpreted.</summary>
    public static void RequireIntact(ReadOnlySpan<byte> file, PngChunk chunk)
    {
        if (!chunk.CrcMatches(file))
        {
            MediaThrow.Corrupt($"The PNG {chunk.Name} chunk at offset {chunk.Start} fails its CRC.");
        }
    }
}
