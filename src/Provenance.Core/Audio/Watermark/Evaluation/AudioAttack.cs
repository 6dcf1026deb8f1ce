using System.Globalization;

namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>One attack of the audio suite: a name and what it does to decoded audio.</summary>
internal sealed record AudioAttack(string Name, Func<PcmAudio, Random, PcmAudio> Apply)
{
    public override string ToString() => Name;
}

/// <summary>
/// The attacks issue 15 lists: MP3 64/128 kbit/s, AAC 64/128, Opus 24/32, resampling to 16 kHz, mono downmix,
/// gain +-6 dB, white noise at 20 dB SNR, a cut at a random offset, speed +-2% (resampled, so pitch moves too).
/// Codecs and resampling go through ffmpeg; the rest is done here.
/// </summary>
internal static class AudioAttackSuite
{
    public static IReadOnlyList<AudioAttack> All { get; } =
    [
        new("none", (a, _) => a),
        Codec("mp3 64k", "libmp3lame", "64k", "mp3"),
        Codec("mp3 128k", "libmp3lame", "128k", "mp3"),
        Codec("aac 64k", "aac", "64k", "adts"),
        Codec("aac 128k", "aac", "128k", "adts"),
        Opus("opus 24k", "24k"),
        Opus("opus 32k", "32k"),
        new("resample 16k", (a, _) => FfmpegAudio.Filter(a, "aresample=16000", 16000, a.Channels)),
        new("mono downmix", (a, _) => new PcmAudio(a.MonoMix(), 1, a.SampleRate)),
        new("gain +6 dB", (a, _) => Gain(a, 6)),
        new("gain -6 dB", (a, _) => Gain(a, -6)),
        new("noise 20 dB", (a, rng) => Noise(a, 20, rng)),
        new("cut", (a, rng) => Cut(a, rng)),
        Speed("speed +2%", 1.02),
        Speed("speed -2%", 0.98),
    ];

    private static AudioAttack Codec(string name, string codec, string bitrate, string container) =>
        new(name, (a, _) => FfmpegAudio.RoundTrip(a, [.. AtMostStereo(a), "-c:a", codec, "-b:a", bitrate, "-f", container]));

    // libopus takes 48 kHz (ffmpeg resamples for it); the decode goes back to the input's rate.
    private static AudioAttack Opus(string name, string bitrate) =>
        new(name, (a, _) => FfmpegAudio.RoundTrip(a, [.. AtMostStereo(a), "-ar", "48000", "-c:a", "libopus", "-b:a", bitrate, "-f", "ogg"]));

    // MP3 carries at most two channels, and libopus refuses raw multichannel input without a layout it knows: a
    // platform transcoding a 4-channel recording to these codecs downmixes it, and so does the attack (the decode
    // spreads the stereo back over the input's channel count).
    private static string[] AtMostStereo(PcmAudio a) => a.Channels > 2 ? ["-ac", "2"] : [];

    private static AudioAttack Speed(string name, double factor) =>
        new(name, (a, _) => FfmpegAudio.Filter(a,
            string.Create(CultureInfo.InvariantCulture, $"asetrate={a.SampleRate * factor:0.###},aresample={a.SampleRate}"), a.SampleRate, a.Channels));

    /// <summary>Gain in dB, clipped to [-1, 1] as any fixed-point export would.</summary>
    public static PcmAudio Gain(PcmAudio a, double db)
    {
        float g = (float)Math.Pow(10, db / 20);
        var s = new float[a.Samples.Length];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = Math.Clamp(a.Samples[i] * g, -1f, 1f);
        }
        return new PcmAudio(s, a.Channels, a.SampleRate);
    }

    /// <summary>White Gaussian noise at <paramref name="snrDb"/> below the signal's mean power.</summary>
    public static PcmAudio Noise(PcmAudio a, double snrDb, Random rng)
    {
        double power = 0;
        foreach (float x in a.Samples)
        {
            power += (double)x * x;
        }
        power /= Math.Max(1, a.Samples.Length);
        double sigma = Math.Sqrt(power / Math.Pow(10, snrDb / 10));
        var s = new float[a.Samples.Length];
        for (int i = 0; i < s.Length; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double n = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            s[i] = (float)(a.Samples[i] + (sigma * n));
        }
        return new PcmAudio(s, a.Channels, a.SampleRate);
    }

    /// <summary>Drops a random 0.1-3 s from the start (any sample offset).</summary>
    public static PcmAudio Cut(PcmAudio a, Random rng)
    {
        int drop = (int)((0.1 + (2.9 * rng.NextDouble())) * a.SampleRate);
        drop = Math.Min(drop, a.Frames / 2);
        return Slice(a, drop, a.Frames - drop);
    }

    public static PcmAudio Slice(PcmAudio a, int startFrame, int frames)
    {
        var s = new float[frames * a.Channels];
        Array.Copy(a.Samples, startFrame * a.Channels, s, 0, s.Length);
        return new PcmAudio(s, a.Channels, a.SampleRate);
    }
}
