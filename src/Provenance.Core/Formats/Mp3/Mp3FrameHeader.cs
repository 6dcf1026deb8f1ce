using System.Buffers.Binary;
using Provenance.Core.Formats.Id3;

namespace Provenance.Core.Formats.Mp3;

/// <summary>
/// An MPEG audio file's rate, channels and length from its first frame (ISO/IEC 11172-3 and 13818-3 frame header),
/// found within <see cref="MaxSearchBytes"/> after the ID3v2 tag. The length is what ffprobe gives and the decode is
/// then bounded by: the frame count of a Xing/Info or VBRI header in that first frame when there is one, otherwise the
/// audio's bytes at the first frame's bit rate (an estimate for a variable-rate file without such a header, as
/// ffprobe's is); unknown for the free format, which declares no bit rate.
/// </summary>
internal static class Mp3FrameHeader
{
    /// <summary>How far past the tag the first frame is looked for (ffmpeg resynchronises over junk or padding there too).</summary>
    public const int MaxSearchBytes = 64 * 1024;

    // Bit rates in kbit/s by [MPEG-1 ? 0 : 1][layer - 1][index]; index 0 is the free format, 15 is invalid.
    private static readonly short[][][] BitRates =
    [
        [
            [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
            [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        ],
        [
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        ],
    ];

    // Sample rates by version bits (0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1) and index.
    private static readonly int[][] SampleRates = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

    public static AudioHeader? Read(ReadOnlySpan<byte> file)
    {
        var start = Id3Tag.StartsWithTag(file) ? Id3Tag.PeekEnd(file) : 0;
        if (start < 0 || start >= file.Length)
        {
            return null;
        }
        var end = (int)Math.Min(file.Length - 4, start + MaxSearchBytes);
        for (var at = (int)start; at <= end; at++)
        {
            if (Parse(file, at) is { } header)
            {
                return header;
            }
        }
        return null;
    }

    private static AudioHeader? Parse(ReadOnlySpan<byte> file, int at)
    {
        var header = BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
        var version = (int)(header >> 19) & 3;
        var layer = 4 - ((int)(header >> 17) & 3); // 1, 2, 3; 4 is reserved
        var bitRateIndex = (int)(header >> 12) & 0xF;
        var rateIndex = (int)(header >> 10) & 3;
        if ((header & 0xFFE0_0000) != 0xFFE0_0000 || version == 1 || layer == 4 || bitRateIndex == 15 || rateIndex == 3)
        {
            return null;
        }
        var mpeg1 = version == 3;
        var rate = SampleRates[version][rateIndex];
        var mono = ((header >> 6) & 3) == 3;
        var channels = mono ? 1 : 2;
        var samplesPerFrame = layer == 1 ? 384 : layer == 3 && !mpeg1 ? 576 : 1152;
        if (layer == 3 && FramesDeclared(file, at, mpeg1, mono) is { } frames and > 0)
        {
            return new AudioHeader(rate, channels, (double)frames * samplesPerFrame / rate);
        }
        var kbps = BitRates[mpeg1 ? 0 : 1][layer - 1][bitRateIndex];
        return new AudioHeader(rate, channels, kbps == 0 ? null : (file.Length - at) * 8.0 / (kbps * 1000.0));
    }

    /// <summary>
    /// The frame count of a Xing or Info header (after the layer III side information: 32 or 17 bytes for MPEG-1, 17
    /// or 9 for MPEG-2 and 2.5, stereo or mono) or of a VBRI header (32 bytes after the frame header), when present.
    /// </summary>
    private static long? FramesDeclared(ReadOnlySpan<byte> file, int at, bool mpeg1, bool mono)
    {
        var xing = at + 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        if (file.Length - xing >= 12 && (file.Slice(xing, 4).SequenceEqual("Xing"u8) || file.Slice(xing, 4).SequenceEqual("Info"u8))
            && (BinaryPrimitives.ReadUInt32BigEndian(file[(xing + 4)..]) & 1) != 0)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(file[(xing + 8)..]);
        }
        var vbri = at + 4 + 32;
        if (file.Length - vbri >= 18 && file.Slice(vbri, 4).SequenceEqual("VBRI"u8))
        {
            return BinaryPrimitives.ReadUInt32BigEndian(file[(vbri + 14)..]);
        }
        return null;
    }
}
