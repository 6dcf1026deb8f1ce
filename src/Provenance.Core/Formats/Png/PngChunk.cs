using System.Buffers.Binary;

namespace Provenance.Core.Formats.Png;

/// <summary>One chunk as it sits in the file: length (4), type (4), data, CRC (4) over type and data.</summary>
internal readonly record struct PngChunk(uint Type, int Start, int DataLength)
{
    public int DataStart => Start + 8;

    public int Length => DataLength + 12;

    public int End => Start + Length;

    public string Name => PngChunkType.Name(Type);

    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> file) => file.Slice(DataStart, DataLength);

    public bool CrcMatches(ReadOnlySpan<byte> file) =>
        PngCrc.Compute(file.Slice(Start + 4, DataLength + 4)) == BinaryPrimitives.ReadUInt32BigEndian(file[(DataStart + DataLength)..]);
}

/// <summary>Chunk types as big-endian integers, for cheap comparison.</summary>
internal static class PngChunkType
{
    public const uint Ihdr = 0x49484452;
    public const uint Plte = 0x504C5445;
    public const uint Idat = 0x49444154;
    public const uint Iend = 0x49454E44;
    public const uint Trns = 0x74524E53;
    public const uint Iccp = 0x69434350;
    public const uint Srgb = 0x73524742;
    public const uint Exif = 0x65584966; // eXIf
    public const uint Itxt = 0x69545874;
    public const uint Ztxt = 0x7A545874;
    public const uint Text = 0x74455874;
    public const uint Cabx = 0x63614258; // caBX, the C2PA store

    public static string Name(uint type) => string.Create(4, type, static (span, t) =>
    {
        for (int i = 0; i < 4; i++)
        {
            span[i] = (char)(byte)(t >> (24 - 8 * i));
        }
    });

    /// <summary>Chunk type bytes are ASCII letters (PNG specification 5.3).</summary>
    public static bool IsValid(uint type)
    {
        for (int i = 0; i < 4; i++)
        {
            byte b = (byte)(type >> (8 * i));
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                return false;
            }
        }
        return true;
    }
}
