namespace Provenance.Core.Formats.Png;

/// <summary>The IHDR fields, validated against the combinations PNG allows.</summary>
internal readonly record struct PngHeader(int Width, int Height, byte BitDepth, byte ColorType, bool Interlaced)
{
    public const byte Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    public int Channels => ColorType switch
    {
        Gray => 1,
        Rgb => 3,
        Palette => 1,
        GrayAlpha => 2,
        _ => 4,
    };

    public bool HasAlphaChannel => ColorType is GrayAlpha or Rgba;

    /// <summary>Bytes of filtered image data (filter byte per row included) for a non-interlaced image.</summary>
    public long RawDataLength => (long)Height * (1 + ((long)Width * Channels * BitDepth + 7) / 8);

    public static PngHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            MediaThrow.Corrupt($"The PNG IHDR chunk is {data.Length} bytes instead of 13.");
        }
        uint width = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        byte depth = data[8], color = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            MediaThrow.Corrupt($"The PNG declares an invalid size {width}x{height}.");
        }
        bool valid = color switch
        {
            Gray => depth is 1 or 2 or 4 or 8 or 16,
            Palette => depth is 1 or 2 or 4 or 8,
            Rgb or GrayAlpha or Rgba => depth is 8 or 16,
            _ => false,
        };
        if (!valid)
        {
            MediaThrow.Corrupt($"The PNG declares colour type {color} with bit depth {depth}, which PNG does not allow.");
        }
        if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        {
            MediaThrow.Corrupt("The PNG declares an unknown compression, filter or interlace method.");
        }
        return new PngHeader((int)width, (int)height, depth, color, data[12] == 1);
    }
}
