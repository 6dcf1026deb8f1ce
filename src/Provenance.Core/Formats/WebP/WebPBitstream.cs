using System.Buffers.Binary;

namespace Provenance.Core.Formats.WebP;

/// <summary>Frame facts read from the start of a VP8 (lossy) or VP8L (lossless) bitstream, without decoding it.</summary>
internal readonly record struct WebPBitstream(int Width, int Height, bool Lossless, bool HasAlpha)
{
    /// <summary>Reads a VP8 key-frame header (RFC 6386 9.1) or a VP8L header (WebP lossless specification 3.2).</summary>
    public static WebPBitstream Parse(uint fourCc, ReadOnlySpan<byte> data)
    {
        if (fourCc == WebPChunkType.Vp8)
        {
            if (data.Length < 10)
            {
                MediaThrow.Truncated("The WebP VP8 chunk is too short for a frame header.");
            }
            if ((data[0] & 1) != 0 || data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A)
            {
                MediaThrow.Corrupt("The WebP VP8 chunk does not start with a key frame.");
            }
            int width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF;
            int height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF;
            return new WebPBitstream(width, height, Lossless: false, HasAlpha: false);
        }
        if (fourCc == WebPChunkType.Vp8L)
        {
            if (data.Length < 5)
            {
                MediaThrow.Truncated("The WebP VP8L chunk is too short for its header.");
            }
            if (data[0] != 0x2F)
            {
                MediaThrow.Corrupt("The WebP VP8L chunk has a bad signature.");
            }
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            if (bits >> 29 != 0)
            {
                MediaThrow.Corrupt("The WebP VP8L chunk declares an unknown version.");
            }
            return new WebPBitstream((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1, Lossless: true, HasAlpha: ((bits >> 28) & 1) != 0);
        }
        return MediaThrow.Corrupt<WebPBitstream>($"{WebPChunkType.Name(fourCc)} is not a WebP image bitstream chunk.");
    }
}
