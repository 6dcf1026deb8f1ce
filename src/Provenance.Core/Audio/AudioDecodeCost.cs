using Provenance.Core.Formats;

namespace Provenance.Core.Audio;

/// <summary>
/// What an audio call will cost in memory, from what the file's header declares (<see cref="AudioHeader"/>), bounded
/// by what the pipeline really decodes (see Admission/DecodeCost.cs). Both pipelines decode to 32-bit float samples
/// through one pipe (<see cref="AudioReencoder.Decode"/>): ffmpeg's output is collected in a growing buffer, copied
/// out, then into the sample array, so a decode briefly holds about three times its samples.
/// <list type="bullet">
/// <item>Sign decodes the whole sound at its own rate and channel count (its length bounded by
/// <see cref="MediaLimits.MaxVideoSeconds"/>, then by the largest array: the decode is cut there and refused), plans and
/// embeds the mark over every channel, hands the samples to the encoder as bytes, reads the mark back from the first
/// 45 s and fingerprints the sound; the file itself is held, copied to the encoder's output and signed in memory.</item>
/// <item>Verify decodes at most the first <see cref="IAudioWatermark.DetectionSeconds"/> as one channel at
/// <see cref="IAudioWatermark.DetectionSampleRate"/> whatever the file declares (<see cref="AudioReencoder.StartDecodeMono"/>),
/// and runs the detector and the fingerprint match on that: bounded by a constant.</item>
/// </list>
/// The factors are measured (docs/audio.md, "Memory"): what a call added to the resident memory of a process that had
/// run nothing before, with the server garbage collector the service runs with (ASP.NET's default), over the 32-bit
/// samples it decoded and the file's length. The workstation collector lets the heap grow further (a 60 s MP3 Sign
/// added 255 MiB instead of 182), so a host configured with it runs over these estimates.
/// </summary>
internal static class AudioDecodeCost
{
    /// <summary>What a Sign holds beyond its samples and file (ffmpeg and its pipes, the embedder's tables, the manifest).</summary>
    public const long SignBaseBytes = 32L << 20;

    /// <summary>
    /// Bytes a Sign holds per byte of 32-bit samples it decodes: the decode's copies, the embedder's analysis and
    /// resynthesis of every channel, the encoder's copy, the fingerprint (measured 7.4 to 9; see the class remarks).
    /// </summary>
    public const double SignBytesPerSampleByte = 8.2;

    /// <summary>Bytes a Sign holds per byte of the file (its copies: the encoded output, the labelled and signed files; measured 1.5).</summary>
    public const double SignBytesPerFileByte = 2;

    /// <summary>What a Verify holds beyond its samples and file (ffmpeg, the detector's search, the fingerprint match).</summary>
    public const long VerifyBaseBytes = 60L << 20;

    /// <summary>Bytes a Verify holds per byte of 32-bit samples it decodes.</summary>
    public const double VerifyBytesPerSampleByte = 2;

    /// <summary>
    /// Estimated peak bytes of a Sign of an audio file of <paramref name="fileBytes"/> whose header declares
    /// <paramref name="header"/> (null: unreadable, so the worst the limits allow).
    /// </summary>
    public static long Sign(AudioHeader? header, long fileBytes, MediaLimits limits) =>
        SignBaseBytes + (long)(SignBytesPerSampleByte * SignSampleBytes(header, limits)) + (long)(SignBytesPerFileByte * fileBytes);

    /// <summary>
    /// What decoding and marking a clip's sound track adds to a video Sign (<see cref="Video.VideoAudioTrack"/>): the
    /// samples' share alone, since the video's own estimate covers the processes and the file stays on disk.
    /// </summary>
    public static long SignTrack(AudioHeader? header, MediaLimits limits) =>
        (long)(SignBytesPerSampleByte * SignSampleBytes(header, limits));

    /// <summary>
    /// Estimated peak bytes of a Verify that decodes the file (one whose manifest binds it is not decoded, which
    /// admission cannot know yet).
    /// </summary>
    public static long Verify(AudioHeader? header, long fileBytes, MediaLimits limits) =>
        VerifyBaseBytes + (long)(VerifyBytesPerSampleByte * VerifySampleBytes(header, limits)) + fileBytes;

    /// <summary>
    /// Bytes of 32-bit samples Sign decodes: the declared length (at most the limit; the limit when undeclared) plus the
    /// second of slack the decode allows, at the declared rate and channels held within what the pipeline accepts
    /// (<see cref="PcmAudio"/>'s bounds; the largest when unreadable), and never more than one array holds.
    /// </summary>
    public static long SignSampleBytes(AudioHeader? header, MediaLimits limits)
    {
        var seconds = Seconds(header, limits) + 1;
        var rate = Math.Clamp(header?.SampleRate ?? PcmAudio.MaxSampleRate, PcmAudio.MinSampleRate, PcmAudio.MaxSampleRate);
        var channels = Math.Clamp(header?.Channels ?? PcmAudio.MaxChannels, 1, PcmAudio.MaxChannels);
        return (long)Math.Min(seconds * rate * channels * sizeof(float), Array.MaxLength);
    }

    /// <summary>Bytes of 32-bit samples Verify decodes: at most 45 s (plus the second of slack) of one channel at 16 kHz, whatever the header says.</summary>
    public static long VerifySampleBytes(AudioHeader? header, MediaLimits limits)
    {
        var seconds = Math.Min(Seconds(header, limits), IAudioWatermark.DetectionSeconds) + 1;
        return (long)(seconds * IAudioWatermark.DetectionSampleRate * sizeof(float));
    }

    /// <summary>The declared length within the limit; the limit when the header declares none (or none that is a length).</summary>
    private static double Seconds(AudioHeader? header, MediaLimits limits) =>
        header?.DurationSeconds is { } seconds && seconds >= 0 ? Math.Min(seconds, limits.MaxVideoSeconds) : limits.MaxVideoSeconds;
}
