namespace Provenance.Core.Audio.Labeling;

/// <summary>
/// The rhythm prompt of GB 45438-2025 for audio: "short long short short", which is "AI" in Morse code (A = ·−,
/// I = ··). The standard names the rhythm, not the timing; the timing here is Morse's own (ITU-R M.1677-1): a short
/// tone is one unit, a long tone three, the gap inside a letter one unit and the gap between letters three. With a
/// unit of <see cref="UnitMilliseconds"/> ms that is 120, 360 (gap 120) | gap 360 | 120, 120 (gap 120): 1.32 s of
/// prompt, then <see cref="TrailingMilliseconds"/> ms of silence so the content does not run into the last tone.
/// The tones are a sine at <see cref="FrequencyHz"/> Hz, <see cref="Amplitude"/> of full scale (about −12 dBFS),
/// with 5 ms raised-cosine edges so that they start and stop without clicks.
/// </summary>
internal static class RhythmPrompt
{
    public const int UnitMilliseconds = 120;
    public const int TrailingMilliseconds = 500;
    public const double FrequencyHz = 880;
    public const float Amplitude = 0.25f;
    private const double RampMilliseconds = 5;

    /// <summary>Tone and gap lengths in units, in order: tone, gap, tone, gap, ... ("short long", letter gap, "short short").</summary>
    private static readonly int[] Pattern = [1, 1, 3, 3, 1, 1, 1];

    /// <summary>The tones' lengths in milliseconds: short, long, short, short.</summary>
    public static IReadOnlyList<int> ToneMilliseconds { get; } = [1 * UnitMilliseconds, 3 * UnitMilliseconds, 1 * UnitMilliseconds, 1 * UnitMilliseconds];

    /// <summary>The silences between the tones, in milliseconds: inside "A", between the letters, inside "I".</summary>
    public static IReadOnlyList<int> GapMilliseconds { get; } = [1 * UnitMilliseconds, 3 * UnitMilliseconds, 1 * UnitMilliseconds];

    /// <summary>The prompt, then the trailing silence, as mono samples at <paramref name="sampleRate"/>.</summary>
    public static float[] Render(int sampleRate)
    {
        if (sampleRate is < PcmAudio.MinSampleRate or > PcmAudio.MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "outside the sample rates audio is handled at");
        }
        int Samples(double ms) => (int)Math.Round(ms * sampleRate / 1000);
        int total = Pattern.Sum(u => Samples(u * UnitMilliseconds)) + Samples(TrailingMilliseconds);
        var samples = new float[total];
        int ramp = Math.Max(1, Samples(RampMilliseconds));
        int position = 0;
        for (int i = 0; i < Pattern.Length; i++)
        {
            int length = Samples(Pattern[i] * UnitMilliseconds);
            if (i % 2 == 0)
            {
                for (int n = 0; n < length; n++)
                {
                    double edge = Math.Min(1, Math.Min(n, length - 1 - n) / (double)ramp);
                    double envelope = 0.5 - 0.5 * Math.Cos(Math.PI * edge);
                    samples[position + n] = (float)(Amplitude * envelope * Math.Sin(2 * Math.PI * FrequencyHz * n / sampleRate));
                }
            }
            position += length;
        }
        return samples;
    }
}
