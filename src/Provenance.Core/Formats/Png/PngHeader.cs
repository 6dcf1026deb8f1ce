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
    public long RawDataLength => RowsLength(Width, Height);

    /// <summary>
    /// Bytes the zlib stream must inflate to for this header: <see cref="RawDataLength"/>, or for an Adam7 image
    /// the sum over its seven passes (each pass's rows carry their own filter byte; empty passes are absent).
    /// </summary>
    public long ImageDataLength
    {
        get
        {
            if (!Interlaced)
            {
                return RawDataLength;
            }
            long total = 0;
            foreach (var (x0, y0, dx, dy) in Adam7Passes)
            {
                long w = (Width - x0 + dx - 1) / dx, h = (Height - y0 + dy - 1) / dy;
                if (w > 0 && h > 0)
                {
                    total += RowsLength(w, h);
                }
            }
            return total;
        }
    }

    /// <summary>Adam7's passes: first column and row, column and row step (PNG specification 8.2).</summary>
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private long RowsLength(long width, long height) => height * (1 + (width * Channels * BitDepth + 7) / 8);

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
