using System.Buffers.Binary;

namespace Provenance.Core.Formats.WebP;

/// <summary>The VP8X chunk of the extended format: feature flags and the canvas size (WebP container specification).</summary>
internal readonly record struct Vp8xHeader(byte Flags, int CanvasWidth, int CanvasHeight)
{
    public const byte AnimationFlag = 0x02;
    public const byte XmpFlag = 0x04;
    public const byte ExifFlag = 0x08;
    public const byte AlphaFlag = 0x10;
    public const byte IccFlag = 0x20;

    public const int DataLength = 10;

    public bool Has(byte flag) => (Flags & flag) != 0;

    public static Vp8xHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < DataLength)
        {
            MediaThrow.Corrupt($"The WebP VP8X chunk is {data.Length} bytes instead of {DataLength}.");
        }
        int width = (data[4] | data[5] << 8 | data[6] << 16) + 1;
        int height = (data[7] | data[8] << 8 | data[9] << 16) + 1;
        return new Vp8xHeader(data[0], width, height);
    }

    /// <summary>The whole chunk (header included), with the reserved bytes zero.</summary>
    public byte[] ToChunk()
    {
        var chunk = new byte[8 + DataLength];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, WebPChunkType.Vp8X);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), DataLength);
        chunk[8] = Flags;
        int w = CanvasWidth - 1, h = CanvasHeight - 1;
        chunk[12] = (byte)w;
        chunk[13] = (byte)(w >> 8);
        chunk[14] = (byte)(w >> 16);
        chunk[15] = (byte)h;
        chunk[16] = (byte)(h >> 8);
        chunk[17] = (byte)(h >> 16);
        return chunk;
    }

    public Vp8xHeader WithFlag(byte flag, bool set) => this with { Flags = (byte)(set ? Flags | flag : Flags & ~flag) };
}
