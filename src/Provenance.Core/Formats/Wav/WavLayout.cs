using System.Buffers.Binary;
using Provenance.Core.Formats.WebP;

namespace Provenance.Core.Formats.Wav;

/// <summary>
/// The top level of a RIFF WAVE file: the 12-byte header ("RIFF", size, "WAVE"), the chunks inside the declared RIFF
/// size, and any bytes after it (a trailer, kept). Only the top level is read: the C2PA and XMP chunks live there, and
/// nested LIST chunks (which can nest a thousand deep in a hostile file) are copied as opaque bytes, as c2pa-rs does.
/// Every chunk must fit inside the RIFF size; the number of chunks is bounded.
/// </summary>
internal sealed class WavLayout
{
    public const int HeaderLength = 12;

    /// <summary>More top-level chunks than any real WAV has; bounds the work and memory a hostile file can cause.</summary>
    public const int MaxChunks = 10_000;

    public const uint Fmt = 0x666D7420;  // "fmt "
    public const uint Data = 0x64617461; // "data"
    public const uint Xmp = 0x584D5020;  // "XMP " (where c2pa-rs reads and writes XMP in RIFF files)
    public const uint C2pa = 0x43325041; // "C2PA"

    private WavLayout(List<RiffChunk> chunks, int riffEnd)
    {
        Chunks = chunks;
        RiffEnd = riffEnd;
    }

    public IReadOnlyList<RiffChunk> Chunks { get; }

    /// <summary>8 + the RIFF size: where the container ends and the trailer (if any) begins.</summary>
    public int RiffEnd { get; }

    public static bool HasSignature(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WAVE"u8);

    public static WavLayout Parse(ReadOnlySpan<byte> file)
    {
        if (!HasSignature(file))
        {
            MediaThrow.Unsupported("The data does not start with a RIFF WAVE header.");
        }
        uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (riffSize < 4)
        {
            MediaThrow.Corrupt($"The WAV RIFF size {riffSize} is too small to hold the form type.");
        }
        if (riffSize > (uint)(file.Length - 8))
        {
            MediaThrow.Truncated($"The WAV RIFF size {riffSize} runs past the end of the file ({file.Length} bytes).");
        }
        int riffEnd = 8 + (int)riffSize;
        var chunks = new List<RiffChunk>();
        int pos = HeaderLength;
        while (pos < riffEnd)
        {
            if (pos + 8 > riffEnd)
            {
                MediaThrow.Corrupt($"The WAV file has {riffEnd - pos} stray bytes at the end of its RIFF container.");
            }
            if (chunks.Count == MaxChunks)
            {
                MediaThrow.Corrupt($"The WAV file has more than {MaxChunks} top-level chunks.");
            }
            uint fourCc = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 4)..]);
            if (size > (uint)(riffEnd - pos - 8))
            {
                MediaThrow.Truncated($"The WAV {WebPChunkType.Name(fourCc)} chunk at offset {pos} runs past the RIFF container.");
            }
            // The pad byte after an odd-sized chunk is often missing when that chunk ends the file: accept it there.
            int length = Math.Min(8 + (int)size + (int)(size & 1), riffEnd - pos);
            chunks.Add(new RiffChunk(fourCc, pos, (int)size, length));
            pos += length;
        }
        if (!chunks.Any(c => c.FourCc == Fmt) || !chunks.Any(c => c.FourCc == Data))
        {
            MediaThrow.Corrupt("The WAV file lacks its fmt or data chunk.");
        }
        return new WavLayout(chunks, riffEnd);
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

    /// <summary>A chunk with its header and, for an odd payload, the pad byte.</summary>
    public static byte[] BuildChunk(uint fourCc, ReadOnlySpan<byte> payload)
    {
        var chunk = new byte[8 + payload.Length + (payload.Length & 1)];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, fourCc);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(chunk.AsSpan(8));
        return chunk;
    }
}
