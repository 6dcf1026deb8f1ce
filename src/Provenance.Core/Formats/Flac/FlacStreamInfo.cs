using System.Buffers.Binary;
using Provenance.Core.Formats.Id3;

namespace Provenance.Core.Formats.Flac;

/// <summary>
/// A FLAC stream's rate, channels and length from its STREAMINFO block, which the format requires first after
/// "fLaC" (after an ID3v2 tag, when there is one): 20 bits of sample rate, 3 of channels minus one, 5 of bits per
/// sample minus one and 36 of total samples (zero: unknown), ten bytes into the block.
/// </summary>
internal static class FlacStreamInfo
{
    /// <summary>The header's facts, or null when the file does not start (after its tag) with "fLaC" and a STREAMINFO block.</summary>
    public static AudioHeader? Read(ReadOnlySpan<byte> file)
    {
        var start = Id3Tag.StartsWithTag(file) ? Id3Tag.PeekEnd(file) : 0;
        if (start < 0 || file.Length - start < 4 + 4 + FlacHandler.StreamInfoLength || !file.Slice((int)start, 4).SequenceEqual("fLaC"u8))
        {
            return null;
        }
        var block = file.Slice((int)start + 4, 4 + FlacHandler.StreamInfoLength);
        if ((block[0] & 0x7F) != 0 || (BinaryPrimitives.ReadUInt32BigEndian(block) & 0xFF_FFFF) != FlacHandler.StreamInfoLength)
        {
            return null;
        }
        var bits = BinaryPrimitives.ReadUInt64BigEndian(block[(4 + 10)..]);
        var rate = (int)(bits >> 44);
        var channels = (int)((bits >> 41) & 0x7) + 1;
        var samples = (long)(bits & 0xF_FFFF_FFFF);
        if (rate == 0)
        {
            return null;
        }
        return new AudioHeader(rate, channels, samples == 0 ? null : (double)samples / rate);
    }
}
