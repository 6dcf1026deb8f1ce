using System.Runtime.InteropServices;
using Provenance.Core.Audio;
using Provenance.Core.Fingerprint;

namespace Provenance.Core.Video;

/// <summary>
/// The audio track of a clip being signed, marked with the same ID as its frames, so that a voice lifted out of a
/// signed clip still carries its provenance. The track is decoded, marked (<see cref="IAudioWatermark"/>) and left as
/// raw samples for the video encoder to encode with the track's own codec and bit rate in the same pass as the frames.
/// </summary>
internal static class VideoAudioTrack
{
    /// <summary>The encoder for a track's codec: the same codec, so the signed clip keeps what the input had.</summary>
    private static string? EncoderFor(string codec) => codec switch
    {
        "aac" => "aac",
        "mp3" => "libmp3lame",
        "opus" => "libopus",
        "alac" => "alac",
        "flac" => "flac",
        _ when codec.StartsWith("pcm_", StringComparison.Ordinal) => codec,
        _ => null,
    };

    /// <summary>
    /// Marks the first audio track of <paramref name="input"/> into raw samples under <paramref name="workDirectory"/>.
    /// Returns the track to encode, or the reason it stays as it was (copied, unmarked).
    /// </summary>
    public static (MarkedAudioTrack? Track, string? Omitted) Mark(string input, string workDirectory, IAudioWatermark scheme, ulong id, MediaLimits limits)
    {
        var info = AudioReencoder.Probe(input, limits);
        if (EncoderFor(info.Codec) is not { } encoder)
        {
            return (null, $"the audio track's codec ({info.Codec}) is not one this service re-encodes; the track is copied unmarked");
        }
        var audio = AudioReencoder.Decode(input, info, limits);
        if (scheme.CannotEmbed(audio) is { } reason)
        {
            return (null, reason + "; the track is copied unmarked");
        }
        var snr = scheme.Embed(audio, id);
        var raw = Path.Combine(workDirectory, "audio.f32");
        using (var file = new FileStream(raw, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            file.Write(MemoryMarshal.AsBytes(audio.Samples.AsSpan()));
        }
        return (new MarkedAudioTrack(raw, info, encoder, snr, AudioFingerprint.Compute(audio)), null);
    }

}

/// <summary>A marked audio track waiting for the encoder: raw 32-bit float samples at the track's rate and channel count.</summary>
internal sealed record MarkedAudioTrack(string RawPath, AudioStreamInfo Info, string Encoder, double SnrDb, AudioFingerprint Fingerprint)
{
    /// <summary>The encoder's input arguments for this track's raw samples.</summary>
    public IEnumerable<string> InputArguments() =>
        ["-f", "f32le", "-ar", Text(Info.SampleRate), "-ac", Text(Info.Channels), "-i", RawPath];

    /// <summary>The codec options of the output's first audio stream, which this track is mapped to (they override a general -c:a given before them).</summary>
    public IEnumerable<string> OutputArguments()
    {
        List<string> arguments = ["-c:a:0", Encoder];
        if (Info.BitRate is { } bitRate && AudioEncoding.TakesBitRate(Encoder))
        {
            arguments.AddRange(["-b:a:0", Text(bitRate)]);
        }
        return arguments;
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
