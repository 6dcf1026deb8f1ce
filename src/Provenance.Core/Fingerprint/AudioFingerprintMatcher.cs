using System.Numerics;
using Provenance.Core.Audio;

namespace Provenance.Core.Fingerprint;

/// <summary>
/// Decides whether an upload plays the sound an <see cref="AudioFingerprint"/> was taken of. The upload's first
/// <see cref="MaxQuerySeconds"/> are fingerprinted at a quarter of the stored hop, so one of four phases lines up with
/// the stored frames to within 8 ms whatever the cut; each phase is slid along the stored sequence and the bit error
/// rate over the frames where the upload has sound is the score. A speed change the watermark detector measured is
/// undone first. Unrelated sounds disagree on about half the bits; the same sound after a low-bit-rate codec or noise
/// on a fifth or less (docs/fingerprint.md, "Audio").
/// </summary>
public static class AudioFingerprintMatcher
{
    /// <summary>Highest bit error rate that still counts as the same sound.</summary>
    public const double MaxBitErrorRate = 0.35;

    /// <summary>How much of the upload is compared (a trimmed clip is found anywhere in the stored sequence).</summary>
    public const double MaxQuerySeconds = 15;

    /// <summary>Fewest frames with sound an alignment must compare (about 2.5 s at the base hop).</summary>
    internal const int MinComparedFrames = 40;

    /// <summary>Frames more than 40 dB under the upload's loud frames, or under -70 dBFS, are silence: their bits are noise.</summary>
    private const double RelativeFloor = 1e-4;
    private const double AbsoluteFloor = 1e-7;

    private const int Phases = 4;

    /// <param name="speedFactor">The stretch the watermark detector measured (1.02: the upload was sped up by 2%), or 1.</param>
    public static FingerprintMatch Match(AudioFingerprint stored, PcmAudio upload, double speedFactor = 1.0)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(upload);
        if (!(speedFactor is > 0.5 and < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(speedFactor), speedFactor, "A speed factor lies between 0.5 and 2.");
        }
        // Only the first MaxQuerySeconds (at the analysis rate) are compared: resample that much of the upload, with a
        // tenth of a second to spare for the resampler's kernel, rather than all of it.
        int wanted = (int)(MaxQuerySeconds * AudioFingerprint.SampleRate) + AudioFingerprint.DeltaSamples + AudioFingerprint.FrameLength;
        long uploadFrames = (long)Math.Ceiling((((double)wanted / (AudioFingerprint.SampleRate * speedFactor)) + 0.1) * upload.SampleRate);
        var head = uploadFrames >= upload.Frames
            ? upload
            : new PcmAudio(upload.Samples.AsSpan(0, (int)uploadFrames * upload.Channels).ToArray(), upload.Channels, upload.SampleRate);
        var mono = AudioFingerprint.ToAnalysisRate(head, speedFactor);
        var (bits, energy) = AudioFingerprint.SubFingerprints(mono.AsSpan(0, Math.Min(mono.Length, wanted)), stored.HopSamples / Phases);
        var sound = SoundFrames(energy);

        var best = (Errors: 0L, Compared: 0L, Rate: 1.0);
        for (int phase = 0; phase < Phases; phase++)
        {
            var query = Every(bits, phase);
            var audible = Every(sound, phase);
            var candidate = BestAlignment(stored.Frames, query, audible);
            if (candidate.Compared > 0 && candidate.Rate < best.Rate)
            {
                best = candidate;
            }
        }
        if (best.Compared == 0)
        {
            return new FingerprintMatch(0, false, 0);
        }
        var covered = Math.Min(1.0, (double)best.Compared / 32 / Math.Max(1, stored.Frames.Length));
        return new FingerprintMatch(1 - best.Rate, best.Rate <= MaxBitErrorRate, covered);
    }

    /// <summary>The alignment of <paramref name="query"/> against <paramref name="stored"/> with the fewest disagreeing bits per compared bit.</summary>
    private static (long Errors, long Compared, double Rate) BestAlignment(uint[] stored, uint[] query, bool[] audible)
    {
        var best = (Errors: 0L, Compared: 0L, Rate: 1.0);
        if (audible.Count(a => a) < MinComparedFrames)
        {
            return best;
        }
        // Offsets may leave part of the upload outside the stored sound (a clip that starts before the signed part).
        for (int offset = MinComparedFrames - query.Length; offset <= stored.Length - MinComparedFrames; offset++)
        {
            long errors = 0;
            int frames = 0;
            int from = Math.Max(0, -offset);
            int to = Math.Min(query.Length, stored.Length - offset);
            for (int i = from; i < to; i++)
            {
                if (audible[i])
                {
                    errors += BitOperations.PopCount(query[i] ^ stored[offset + i]);
                    frames++;
                }
            }
            if (frames < MinComparedFrames)
            {
                continue;
            }
            var rate = errors / (32.0 * frames);
            if (rate < best.Rate)
            {
                best = (errors, 32L * frames, rate);
            }
        }
        return best;
    }

    private static bool[] SoundFrames(float[] energy)
    {
        if (energy.Length == 0)
        {
            return [];
        }
        var sorted = (float[])energy.Clone();
        Array.Sort(sorted);
        var loud = sorted[(int)(0.9 * (sorted.Length - 1))];
        var floor = Math.Max(AbsoluteFloor, loud * RelativeFloor);
        return energy.Select(e => e >= floor).ToArray();
    }

    private static T[] Every<T>(T[] values, int phase)
    {
        var count = values.Length > phase ? ((values.Length - phase - 1) / Phases) + 1 : 0;
        var result = new T[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = values[phase + (i * Phases)];
        }
        return result;
    }
}
