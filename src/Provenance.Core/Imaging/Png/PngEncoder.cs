using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Provenance.Core.Formats.Png;

namespace Provenance.Core.Imaging.Png;

/// <summary>
/// A managed PNG writer: 8 bits per sample, RGB or RGBA (gray or gray+alpha when asked for and the pixels are
/// gray), not interlaced, one IHDR, IDAT chunks of up to 1 MiB, IEND; no ancillary chunks (metadata is added by
/// the format handler). Each row gets the filter whose output has the smallest sum of absolute values (the
/// heuristic libpng uses by default); the rows are deflated with zlib level 6 and the "filtered" strategy, as
/// libpng does. Chosen over libpng's simplified writer by measurement (see the Imaging benchmarks), and because
/// it writes no sRGB/gAMA chunks that would clash with a carried-over ICC profile.
/// </summary>
internal static class PngEncoder
{
    private const int MaxIdatLength = 1 << 20;

    public static byte[] Encode(ImageFrame frame, bool preferGray)
    {
        bool alpha = frame.HasAlpha;
        bool gray = preferGray && IsGray(frame);
        int channels = gray ? (alpha ? 2 : 1) : frame.BytesPerPixel;
        byte colorType = gray ? (alpha ? PngHeader.GrayAlpha : PngHeader.Gray) : (alpha ? PngHeader.Rgba : PngHeader.Rgb);
        long rowBytes = (long)frame.Width * channels;

        using var compressed = new MemoryStream();
        var options = new ZLibCompressionOptions { CompressionLevel = 6, CompressionStrategy = ZLibCompressionStrategy.Filtered };
        var rows = ArrayPool<byte>.Shared.Rent((int)(4 * (rowBytes + 1)));
        try
        {
            using (var zlib = new ZLibStream(compressed, options, leaveOpen: true))
            {
                var previous = rows.AsSpan(0, (int)rowBytes);
                var current = rows.AsSpan((int)rowBytes, (int)rowBytes);
                var best = rows.AsSpan(2 * (int)rowBytes, (int)rowBytes + 1);
                var trial = rows.AsSpan(3 * (int)rowBytes + 1, (int)rowBytes + 1);
                previous.Clear();
                for (int y = 0; y < frame.Height; y++)
                {
                    if (gray)
                    {
                        ToGray(frame.Row(y), current, alpha);
                    }
                    else
                    {
                        frame.Row(y).CopyTo(current);
                    }
                    FilterRow(current, previous, channels, best, trial);
                    zlib.Write(best);
                    var swap = previous;
                    previous = current;
                    current = swap;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        int idatCount = Math.Max(1, (data.Length + MaxIdatLength - 1) / MaxIdatLength);
        var output = new byte[8 + 25 + data.Length + 12 * idatCount + 12];
        var span = output.AsSpan();
        PngLayout.Signature.CopyTo(span);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], frame.Height);
        ihdr[8] = 8;
        ihdr[9] = colorType;
        int at = 8 + WriteChunk(span[8..], PngChunkType.Ihdr, ihdr);
        for (int i = 0; i < idatCount; i++)
        {
            var part = data.Slice(i * MaxIdatLength, Math.Min(MaxIdatLength, data.Length - i * MaxIdatLength));
            at += WriteChunk(span[at..], PngChunkType.Idat, part);
        }
        at += WriteChunk(span[at..], PngChunkType.Iend, []);
        return at == output.Length ? output : output[..at];
    }

    private static int WriteChunk(Span<byte> target, uint type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(target, data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(target[4..], type);
        data.CopyTo(target[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(target[(8 + data.Length)..], PngCrc.Compute(target.Slice(4, data.Length + 4)));
        return data.Length + 12;
    }

    private static bool IsGray(ImageFrame frame)
    {
        int bpp = frame.BytesPerPixel;
        var pixels = frame.Pixels;
        for (int i = 0; i < pixels.Length; i += bpp)
        {
            if (pixels[i] != pixels[i + 1] || pixels[i] != pixels[i + 2])
            {
                return false;
            }
        }
        return true;
    }

    private static void ToGray(ReadOnlySpan<byte> row, Span<byte> target, bool alpha)
    {
        int bpp = alpha ? 4 : 3, channels = alpha ? 2 : 1;
        for (int i = 0, o = 0; o < target.Length; i += bpp, o += channels)
        {
            target[o] = row[i];
            if (alpha)
            {
                target[o + 1] = row[i + 3];
            }
        }
    }

    /// <summary>Writes the filter type byte and the filtered row with the smallest sum of absolute (signed) values into <paramref name="best"/>.</summary>
    private static void FilterRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> best, Span<byte> trial)
    {
        long bestSum = long.MaxValue;
        for (byte filter = 0; filter <= 4; filter++)
        {
            var target = filter == 0 ? best : trial;
            target[0] = filter;
            long sum = Apply(filter, row, prior, bpp, target[1..]);
            if (sum < bestSum)
            {
                bestSum = sum;
                if (filter != 0)
                {
                    trial.CopyTo(best);
                }
            }
        }
    }

    private static long Apply(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        long sum = 0;
        int n = row.Length;
        switch (filter)
        {
            case 0:
                row.CopyTo(output);
                for (int i = 0; i < n; i++)
                {
                    sum += Math.Abs((int)(sbyte)row[i]);
                }
                break;
            case 1:
                for (int i = 0; i < n; i++)
                {
                    byte b = (byte)(row[i] - (i >= bpp ? row[i - bpp] : 0));
                    output[i] = b;
                    sum += Math.Abs((int)(sbyte)b);
                }
                break;
            case 2:
                for (int i = 0; i < n; i++)
                {
                    byte b = (byte)(row[i] - prior[i]);
                    output[i] = b;
                    sum += Math.Abs((int)(sbyte)b);
                }
                break;
            case 3:
                for (int i = 0; i < n; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    byte b = (byte)(row[i] - ((left + prior[i]) >> 1));
                    output[i] = b;
                    sum += Math.Abs((int)(sbyte)b);
                }
                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0, b = prior[i], c = i >= bpp ? prior[i - bpp] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    byte value = (byte)(row[i] - predictor);
                    output[i] = value;
                    sum += Math.Abs((int)(sbyte)value);
                }
                break;
        }
        return sum;
    }
}
