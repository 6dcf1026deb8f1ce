using System.Globalization;
using System.Runtime.InteropServices;
using Provenance.Core.Audio;
using Provenance.Core.Fingerprint;
using Provenance.Testing;

namespace Provenance.Core.Tests.Fingerprint;

/// <summary>
/// The audio fingerprint on corpus music: a cut of the same sound matches wherever it starts, after a codec; other
/// music and silence do not; the stored form round-trips and refuses inconsistent bytes; a clip's combined
/// fingerprint gives each part back. The attack-by-attack measurement is `provenance bench audio-fingerprint`.
/// </summary>
public sealed class AudioFingerprintTests
{
    private static readonly Lazy<PcmAudio> Love = new(() => Decode("love_theme.ogg", null, 20));
    private static readonly Lazy<PcmAudio> Elf = new(() => Decode("elf-land.ogg", null, 20));

    [Fact]
    public void A_cut_of_the_same_music_matches_and_other_music_does_not()
    {
        var stored = AudioFingerprint.Compute(Love.Value);
        // 8 s from 5.37 s on: not on any frame boundary.
        var cut = Slice(Love.Value, 5.37, 8);
        var same = AudioFingerprintMatcher.Match(stored, cut);
        Assert.True(same.Matches, $"score {same.Score}");
        Assert.True(same.Score > 0.9, $"score {same.Score}");

        var other = AudioFingerprintMatcher.Match(stored, Slice(Elf.Value, 5.37, 8));
        Assert.False(other.Matches, $"score {other.Score}");
        Assert.True(other.Score < 0.6, $"score {other.Score}");
    }

    [Fact]
    public void The_same_music_after_a_low_bit_rate_codec_matches()
    {
        var stored = AudioFingerprint.Compute(Love.Value);
        var coded = Decode("love_theme.ogg", ["-c:a", "libopus", "-b:a", "24k"], 20);
        var match = AudioFingerprintMatcher.Match(stored, Slice(coded, 3.1, 10));
        Assert.True(match.Matches, $"score {match.Score}");
    }

    [Fact]
    public void Silence_matches_nothing()
    {
        var stored = AudioFingerprint.Compute(Love.Value);
        var silence = new PcmAudio(new float[44100 * 2 * 10], 2, 44100);
        var match = AudioFingerprintMatcher.Match(stored, silence);
        Assert.False(match.Matches);
        Assert.Equal(0, match.Score);
    }

    [Fact]
    public void The_stored_form_round_trips_and_inconsistent_bytes_are_refused()
    {
        var fingerprint = AudioFingerprint.Compute(Love.Value);
        var bytes = fingerprint.ToBytes();
        Assert.True(AudioFingerprint.IsAudioFingerprint(bytes));
        Assert.Equal(bytes, AudioFingerprint.FromBytes(bytes).ToBytes());
        Assert.Throws<FormatException>(() => AudioFingerprint.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        var badHop = (byte[])bytes.Clone();
        badHop[2] ^= 0x01;
        Assert.Throws<FormatException>(() => AudioFingerprint.FromBytes(badHop));
        Assert.Throws<FormatException>(() => AudioFingerprint.FromBytes([]));
    }

    [Fact]
    public void A_combined_fingerprint_gives_each_part_back_and_a_plain_one_is_its_own_part()
    {
        byte[] clip = [0x56, 1, 2, 3];
        byte[] audio = [0x41, 9, 8];
        var combined = CombinedFingerprint.Combine(clip, audio);
        Assert.Equal(clip, CombinedFingerprint.ClipPart(combined).ToArray());
        Assert.Equal(audio, CombinedFingerprint.AudioPart(combined).ToArray());
        Assert.Equal(audio, CombinedFingerprint.AudioPart(audio).ToArray());
        // A clip length past the end: no part, so both parsers refuse it.
        combined[4] = 0xFF;
        Assert.True(CombinedFingerprint.ClipPart(combined).IsEmpty);
        Assert.True(CombinedFingerprint.AudioPart(combined).IsEmpty);
    }

    private static PcmAudio Slice(PcmAudio audio, double startSeconds, double seconds)
    {
        int start = (int)(startSeconds * audio.SampleRate) * audio.Channels;
        int length = (int)(seconds * audio.SampleRate) * audio.Channels;
        return new PcmAudio(audio.Samples.AsSpan(start, length).ToArray(), audio.Channels, audio.SampleRate);
    }

    /// <summary>The first <paramref name="seconds"/> of a corpus file at 44.1 kHz stereo, through <paramref name="codec"/> first when given.</summary>
    private static PcmAudio Decode(string name, string[]? codec, double seconds)
    {
        using var temp = new TempFolder("audio-fp-");
        var folder = temp.Path;
        var source = Path.Combine(RepositoryPaths.Shared, "corpus", "audio", name);
        if (codec is not null)
        {
            var coded = Path.Combine(folder, "coded.ogg");
            Ffmpeg.Run(["-i", source, "-t", seconds.ToString(CultureInfo.InvariantCulture), .. codec, coded]);
            source = coded;
        }
        var raw = Path.Combine(folder, "raw.f32");
        Ffmpeg.Run(["-i", source, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "-ac", "2", "-ar", "44100", raw]);
        return new PcmAudio(MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(raw)).ToArray(), 2, 44100);
    }
}
