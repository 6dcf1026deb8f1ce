namespace Provenance.Core.Audio;

/// <summary>
/// Decoded audio: interleaved float samples (nominally in [-1, 1]), the channel count and the sample rate.
/// What a codec hands to the watermark and back; the arrays are not copied.
/// </summary>
public sealed record PcmAudio
{
    public const int MaxChannels = 16;
    public const int MinSampleRate = 4000;
    public const int MaxSampleRate = 384_000;

    public PcmAudio(float[] samples, int channels, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (channels is < 1 or > MaxChannels)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"The audio has {channels} channels; 1 to {MaxChannels} are supported.");
        }
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"The sample rate {sampleRate} Hz is outside {MinSampleRate}..{MaxSampleRate} Hz.");
        }
        if (samples.Length % channels != 0)
        {
            throw new InvalidMediaException(MediaError.Truncated, "The sample count is not a multiple of the channel count.");
        }
        Samples = samples;
        Channels = channels;
        SampleRate = sampleRate;
    }

    /// <summary>
    /// Audio from raw 32-bit little-endian float samples (ffmpeg's f32le), interleaved; a trailing partial frame is
    /// dropped.
    /// </summary>
    internal static PcmAudio FromFloatBytes(ReadOnlySpan<byte> raw, int channels, int sampleRate)
    {
        int count = raw.Length / sizeof(float);
        count -= count % Math.Max(channels, 1);
        return new PcmAudio(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw[..(count * sizeof(float))]).ToArray(), channels, sampleRate);
    }

    /// <summary>Interleaved samples, frame after frame.</summary>
    public float[] Samples { get; }

    public int Channels { get; }

    public int SampleRate { get; }

    public int Frames => Samples.Length / Channels;

    public double DurationSeconds => (double)Frames / SampleRate;

    /// <summary>The average of the channels.</summary>
    public float[] MonoMix()
    {
        int frames = Frames;
        var mono = new float[frames];
        if (Channels == 1)
        {
            Array.Copy(Samples, mono, frames);
            return mono;
        }
        float scale = 1f / Channels;
        for (int f = 0, i = 0; f < frames; f++)
        {
            float sum = 0;
            for (int c = 0; c < Channels; c++)
            {
                sum += Samples[i++];
            }
            mono[f] = sum * scale;
        }
        return mono;
    }

    /// <summary>One channel as its own array.</summary>
    public float[] Channel(int channel)
    {
        int frames = Frames;
        var data = new float[frames];
        for (int f = 0, i = channel; f < frames; f++, i += Channels)
        {
            data[f] = Samples[i];
        }
        return data;
    }
}
