using System.Buffers.Binary;
using System.IO.Compression;
using Provenance.Core.Formats.Png;

namespace Provenance.Testing.Media;

/// <summary>
/// PNGs whose IDAT stream inflates to far more than their header needs, built without deflating that much: one
/// sync-flushed deflate segment that writes a run of zeros (referring back only to zeros) is repeated, so a
/// 1 GiB stream costs about 1 MB of bytes and no time to make.
/// </summary>
internal static class InflationBomb
{
    private const int SegmentZeros = 1 << 20;

    /// <summary>An 8-bit RGB PNG of <paramref name="width"/> x <paramref name="height"/> whose IDAT inflates to <paramref name="mebibytes"/> MiB of zeros.</summary>
    public static byte[] Png(int width, int height, int mebibytes)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return [.. PngLayout.Signature, .. PngLayout.BuildChunk(PngChunkType.Ihdr, ihdr),
            .. PngLayout.BuildChunk(PngChunkType.Idat, ZerosZlib(mebibytes)), .. PngLayout.BuildChunk(PngChunkType.Iend, [])];
    }

    /// <summary>A zlib stream of <paramref name="mebibytes"/> MiB of zeros.</summary>
    public static byte[] ZerosZlib(int mebibytes)
    {
        var zeros = new byte[SegmentZeros];
        using var raw = new MemoryStream();
        byte[] first, repeated;
        using (var deflate = new DeflateStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(zeros);
            deflate.Flush();
            first = raw.ToArray();
            raw.SetLength(0);
            deflate.Write(zeros);
            deflate.Flush();
            repeated = raw.ToArray();
            raw.SetLength(0);
        }
        var final = raw.ToArray();
        using var zlib = new MemoryStream();
        zlib.Write([0x78, 0xDA]);
        zlib.Write(first);
        for (int i = 1; i < mebibytes; i++)
        {
            zlib.Write(repeated);
        }
        zlib.Write(final);
        // Adler-32 of n zeros: A stays 1, B adds 1 per byte.
        long n = (long)mebibytes * SegmentZeros;
        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (uint)((n % 65521) << 16 | 1));
        zlib.Write(adler);
        return zlib.ToArray();
    }
}
