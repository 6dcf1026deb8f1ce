using System.Buffers.Binary;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Fingerprint;

/// <summary>
/// What the store keeps of signed audio's content, to tell whether an upload plays the same sound: a sequence of
/// 32-bit sub-fingerprints, one per <see cref="HopSamples"/> of the mono mix at 8 kHz. Each bit is the sign of how
/// the energy difference between two neighbouring bands (33 bands, log-spaced from 300 Hz to 3 kHz, a 256 ms frame)
/// changed since the frame 64 ms earlier: the construction of Haitsma and Kalker's fingerprint for broadcast
/// monitoring. A sign of a second difference survives what codecs, resampling, gain, a downmix and moderate noise do
/// to the sound, and a trimmed upload is found by sliding it along the sequence. 4 bytes per 64 ms: a 10 s clip
/// costs 630 bytes, and at most <see cref="MaxFrames"/> frames are kept (longer audio is sampled more sparsely).
/// Matching is <see cref="AudioFingerprintMatcher"/>.
/// </summary>
public sealed class AudioFingerprint
{
    /// <summary>The rate the sound is analysed at; everything below 4 kHz survives every codec and resampling in scope.</summary>
    public const int SampleRate = 8000;

    internal const int FrameLength = 2048;

    /// <summary>The time step of a bit's second difference (64 ms), the same whatever the stored hop.</summary>
    internal const int DeltaSamples = 512;

    /// <summary>The stored hop for audio up to <see cref="MaxFrames"/> x 64 ms (about 42 minutes).</summary>
    public const int BaseHopSamples = DeltaSamples;

    /// <summary>Bounds the stored size (160 KB) whatever the audio's length.</summary>
    public const int MaxFrames = 40_000;

    internal const int Bands = 33;
    private const double LowHz = 300;
    private const double HighHz = 3000;

    /// <summary>
    /// First byte of the stored form: the image fingerprint starts with 1 and the clip fingerprint with 'V', so the
    /// store's one fingerprint column tells the kinds apart.
    /// </summary>
    internal const byte FormatVersion = 0x41; // 'A'
    private const int HeaderLength = 7;

    private static readonly int[] BandEdges = BuildBandEdges();
    private static readonly float[] Window = BuildWindow();

    internal AudioFingerprint(int hopSamples, uint[] frames)
    {
        HopSamples = hopSamples;
        Frames = frames;
    }

    /// <summary>Samples at 8 kHz between stored frames: a multiple of <see cref="DeltaSamples"/>.</summary>
    public int HopSamples { get; }

    /// <summary>The sub-fingerprints, in time order.</summary>
    internal uint[] Frames { get; }

    /// <summary>The stored hop for audio of <paramref name="samples"/> at 8 kHz: 64 ms, or a multiple of it so at most <see cref="MaxFrames"/> are kept.</summary>
    internal static int HopFor(long samples) =>
        DeltaSamples * (int)Math.Max(1, (samples / DeltaSamples + MaxFrames - 1) / MaxFrames);

    /// <summary>Fingerprints <paramref name="audio"/> as Sign stores it.</summary>
    public static AudioFingerprint Compute(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var mono = ToAnalysisRate(audio, 1.0);
        var hop = HopFor(mono.Length);
        var (frames, _) = SubFingerprints(mono, hop);
        return new AudioFingerprint(hop, frames);
    }

    /// <summary>The mono mix at 8 kHz; <paramref name="speedFactor"/> &gt; 1 undoes a speed-up by that factor.</summary>
    internal static float[] ToAnalysisRate(PcmAudio audio, double speedFactor) =>
        Resampler.Resample(audio.MonoMix(), SampleRate * speedFactor / audio.SampleRate);

    /// <summary>
    /// Sub-fingerprints of frames starting at <see cref="DeltaSamples"/> + i x <paramref name="hop"/> (the first
    /// frame needs one 64 ms before it), and each frame's energy (for telling silence from sound).
    /// </summary>
    internal static (uint[] Bits, float[] Energy) SubFingerprints(ReadOnlySpan<float> signal, int hop)
    {
        if (signal.Length < DeltaSamples + FrameLength)
        {
            return ([], []);
        }
        int count = ((signal.Length - DeltaSamples - FrameLength) / hop) + 1;
        var bits = new uint[count];
        var energy = new float[count];
        var batch = new FrameBatch(FrameLength);
        Span<double> now = stackalloc double[Bands];
        Span<double> before = stackalloc double[Bands];
        for (int i0 = 0; i0 < count; i0 += FrameBatch.Capacity)
        {
            int end = Math.Min(count, i0 + FrameBatch.Capacity);
            batch.Clear();
            for (int i = i0; i < end; i++)
            {
                // One complex FFT carries both real frames: this one in the real part, the one 64 ms earlier in the imaginary.
                int start = DeltaSamples + (i * hop);
                batch.Load(signal, start, start - DeltaSamples, Window);
            }
            batch.Transform(inverse: false);
            for (int i = i0, j = 0; i < end; i++, j++)
            {
                double total = 0;
                for (int b = 0; b < Bands; b++)
                {
                    (now[b], before[b]) = batch.PairPower(j, BandEdges[b], BandEdges[b + 1]);
                    total += now[b];
                }
                uint word = 0;
                for (int b = 0; b < Bands - 1; b++)
                {
                    if ((now[b] - now[b + 1]) - (before[b] - before[b + 1]) > 0)
                    {
                        word |= 1u << b;
                    }
                }
                bits[i] = word;
                energy[i] = (float)(total / FrameLength);
            }
        }
        return (bits, energy);
    }

    /// <summary>version, hop (u16 BE, samples at 8 kHz), frame count (u32 BE), the frames (u32 BE each).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderLength + (4 * Frames.Length)];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), (ushort)HopSamples);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(3), (uint)Frames.Length);
        for (int i = 0; i < Frames.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(HeaderLength + (4 * i)), Frames[i]);
        }
        return bytes;
    }

    /// <summary>Whether stored fingerprint bytes are audio's.</summary>
    public static bool IsAudioFingerprint(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes[0] == FormatVersion;

    /// <summary>Reads stored bytes; throws <see cref="FormatException"/> when they are not an audio fingerprint of this version.</summary>
    public static AudioFingerprint FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a version-1 audio fingerprint.");
        }
        int hop = BinaryPrimitives.ReadUInt16BigEndian(bytes[1..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[3..]);
        if (hop < DeltaSamples || hop % DeltaSamples != 0 || count > MaxFrames || bytes.Length != HeaderLength + (4 * (long)count))
        {
            throw new FormatException("Audio fingerprint has inconsistent sizes.");
        }
        var frames = new uint[count];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes[(HeaderLength + (4 * i))..]);
        }
        return new AudioFingerprint(hop, frames);
    }

    private static int[] BuildBandEdges()
    {
        var edges = new int[Bands + 1];
        for (int b = 0; b <= Bands; b++)
        {
            var hz = LowHz * Math.Pow(HighHz / LowHz, (double)b / Bands);
            edges[b] = (int)Math.Round(hz * FrameLength / SampleRate);
        }
        return edges;
    }

    private static float[] BuildWindow()
    {
        var window = new float[FrameLength];
        for (int i = 0; i < FrameLength; i++)
        {
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / FrameLength)));
        }
        return window;
    }
}
