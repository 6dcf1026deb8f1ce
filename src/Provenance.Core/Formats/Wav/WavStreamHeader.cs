using System.Buffers.Binary;

namespace Provenance.Core.Formats.Wav;

/// <summary>
/// A WAV file's rate and channels from its <c>fmt </c> chunk (WAVEFORMAT: format tag, channels, samples per second,
/// bytes per second, block align; WAVE_FORMAT_EXTENSIBLE starts the same way) and its length from the <c>data</c>
/// chunk's size over the block align, which is how ffprobe gives a PCM file's duration. The chunks are found by
/// <see cref="WavLayout"/>, which checks every size against the file.
/// </summary>
internal static class WavStreamHeader
{
    private const int WaveFormatLength = 16;

    /// <summary>The header's facts; throws <see cref="InvalidMediaException"/> when the RIFF layout does not read.</summary>
    public static AudioHeader? Read(ReadOnlySpan<byte> file)
    {
        var layout = WavLayout.Parse(file);
        var fmt = layout.Chunks[layout.IndexOfFirst(WavLayout.Fmt)];
        if (fmt.DataLength < WaveFormatLength)
        {
            return null;
        }
        var format = fmt.Data(file);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(format[12..]);
        if (channels == 0 || rate is 0 or > int.MaxValue)
        {
            return null;
        }
        var data = layout.Chunks[layout.IndexOfFirst(WavLayout.Data)];
        double? seconds = blockAlign == 0 ? null : (double)(data.DataLength / blockAlign) / rate;
        return new AudioHeader((int)rate, channels, seconds);
    }
}
