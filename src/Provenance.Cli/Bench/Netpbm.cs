using System.Text;
using Provenance.Core;
using Provenance.Core.Imaging;

namespace Provenance.Cli.Bench;

/// <summary>
/// Binary PPM (P6, 8-bit) reading and writing: the interchange format with the external reference tools
/// (ImageMagick, cjpeg/djpeg, cwebp/dwebp) that the harness checks its attacks against.
/// </summary>
internal static class Netpbm
{
    private const int MaxSide = 1 << 15;

    public static byte[] Write(ImageFrame frame)
    {
        var header = Encoding.ASCII.GetBytes($"P6\n{frame.Width} {frame.Height}\n255\n");
        var bytes = new byte[header.Length + frame.Width * frame.Height * 3];
        header.CopyTo(bytes, 0);
        int o = header.Length;
        int bpp = frame.BytesPerPixel;
        for (int y = 0; y < frame.Height; y++)
        {
            var row = frame.Row(y);
            for (int p = 0; p < row.Length; p += bpp)
            {
                bytes[o++] = row[p];
                bytes[o++] = row[p + 1];
                bytes[o++] = row[p + 2];
            }
        }
        return bytes;
    }

    public static ImageFrame Read(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        if (Token(data, ref pos) != "P6")
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, "Not a binary PPM (P6).");
        }
        int width = Number(data, ref pos);
        int height = Number(data, ref pos);
        int max = Number(data, ref pos);
        if (max != 255)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"PPM maximum value {max} is not 255.");
        }
        pos++; // the single whitespace byte after the header
        long needed = (long)width * height * 3;
        if (data.Length - pos < needed)
        {
            throw new InvalidMediaException(MediaError.Truncated, "PPM pixel data is truncated.");
        }
        var frame = ImageFrame.Allocate(width, height, PixelFormat.Rgb24);
        data.Slice(pos, (int)needed).CopyTo(frame.Pixels);
        return frame;
    }

    private static int Number(ReadOnlySpan<byte> data, ref int pos)
    {
        if (!int.TryParse(Token(data, ref pos), out int value) || value <= 0 || value > MaxSide)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "PPM header holds an invalid number.");
        }
        return value;
    }

    private static string Token(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos < data.Length)
        {
            if (data[pos] == '#')
            {
                while (pos < data.Length && data[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }
        int start = pos;
        while (pos < data.Length && pos - start < 16 && !char.IsWhiteSpace((char)data[pos]))
        {
            pos++;
        }
        return Encoding.ASCII.GetString(data[start..pos]);
    }
}
