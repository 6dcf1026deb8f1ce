using System.Buffers;
using System.IO.Compression;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Png;

namespace Provenance.Core.Imaging.Png;

/// <summary>
/// Inflation bomb guard for the IDAT stream. libpng inflates every IDAT byte, including any past the last row
/// (to report "Too much image data" at the end), so a 1 MB file whose stream inflates to 1 GiB costs seconds of
/// CPU before it is refused. This pass inflates the stream into a scratch buffer, counting, and stops as soon as
/// the count passes what the header needs plus <see cref="MediaLimits.InflateSlackBytes"/>: the work is bounded
/// by the header's dimensions (themselves bounded by <see cref="MediaLimits.MaxPixels"/>), not by the data.
/// </summary>
internal static class PngImageDataBound
{
    private const int ScratchBytes = 64 * 1024;

    /// <summary>
    /// Throws <see cref="InvalidMediaException"/> (Corrupt) when the IDAT stream inflates past the header's need
    /// plus the slack. A stream that is short or not valid zlib passes: libpng reports those with its own message.
    /// </summary>
    public static void Check(ReadOnlySpan<byte> file, PngLayout layout, MediaLimits limits)
    {
        long needed = layout.Header.ImageDataLength;
        long bound = needed + limits.InflateSlackBytes;
        int compressed = 0;
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.Type == PngChunkType.Idat)
            {
                compressed += chunk.DataLength;
            }
        }
        var input = ArrayPool<byte>.Shared.Rent(compressed);
        var scratch = ArrayPool<byte>.Shared.Rent(ScratchBytes);
        try
        {
            int filled = 0;
            foreach (var chunk in layout.Chunks)
            {
                if (chunk.Type == PngChunkType.Idat)
                {
                    chunk.Data(file).CopyTo(input.AsSpan(filled));
                    filled += chunk.DataLength;
                }
            }
            long inflated = Inflated(input, compressed, scratch, bound);
            if (inflated > bound)
            {
                MediaThrow.Corrupt(
                    $"The PNG image data inflates past {bound} bytes; its {layout.Header.Width}x{layout.Header.Height} header needs {needed} " +
                    "(a decompression bomb, or data appended to the image stream).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>Bytes the stream inflates to, counting no further than one read past <paramref name="bound"/>.</summary>
    private static long Inflated(byte[] input, int length, byte[] scratch, long bound)
    {
        using var zlib = new ZLibStream(new MemoryStream(input, 0, length, writable: false), CompressionMode.Decompress);
        long total = 0;
        try
        {
            int read;
            while (total <= bound && (read = zlib.Read(scratch, 0, ScratchBytes)) > 0)
            {
                total += read;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Damaged zlib data (ZLibException, an IOException, for some zlib error codes; the source is memory):
            // what was counted so far stands; libpng gives the error.
        }
        return total;
    }
}
