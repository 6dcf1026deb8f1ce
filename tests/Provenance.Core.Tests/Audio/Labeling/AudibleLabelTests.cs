using System.Buffers.Binary;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark.Evaluation;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Audio.Labeling;

/// <summary>
/// The audible explicit label, checked the way a listener's software would: the rendered PCM is written to a
/// 16-bit WAV, ffmpeg decodes and resamples it (to 16 kHz mono), and the analysis (<see cref="AudibleLabelListener"/>:
/// a Goertzel filter at the prompt's frequency, a 10 ms RMS envelope) shares no code with the renderer.
/// </summary>
public sealed class AudibleLabelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("audible-label-").FullName;

    [Fact]
    public void The_rhythm_prompt_before_real_audio_is_four_tones_short_long_short_short()
    {
        // 3 s of a corpus recording (48 kHz stereo after decoding) with the prompt put before it.
        var content = FfmpegAudio.DecodeFile(Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "Front_Center.wav"), 3);
        var label = AudibleLabelRenderer.Render(new AudibleLabel(AudibleLabelKind.Rhythm), content.SampleRate, content.Channels);
        var labelled = AudibleLabelRenderer.Prepend(label, content);
        Assert.Equal(content.Frames + label.Audio.Frames, labelled.Frames);

        var mono = DecodeWithFfmpeg(labelled, "rhythm.wav");
        var tones = AudibleLabelListener.ToneRuns(mono, RhythmPrompt.FrequencyHz, seconds: label.Seconds);
        Assert.True(tones.Count == 4, "tones found (start-end ms): " + string.Join(", ", tones.Select(t => $"{t.Start:F0}-{t.End:F0}")));
        int[] expectedTones = [120, 360, 120, 120];
        int[] expectedGaps = [120, 360, 120];
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(tones[i].End - tones[i].Start, expectedTones[i] - 20, expectedTones[i] + 20);
        }
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(tones[i + 1].Start - tones[i].End, expectedGaps[i] - 20, expectedGaps[i] + 20);
        }
        Assert.InRange(tones[0].Start, 0, 20);
        // A long tone is three short ones, as in Morse: the ratio a listener hears.
        Assert.InRange((tones[1].End - tones[1].Start) / (tones[0].End - tones[0].Start), 2.5, 3.5);
    }

    [Fact]
    public void The_rendered_prompt_is_at_the_content_rate_in_every_channel()
    {
        var label = AudibleLabelRenderer.Render(new AudibleLabel(), 44100, 2);
        Assert.Equal(44100, label.Audio.SampleRate);
        Assert.Equal(2, label.Audio.Channels);
        Assert.Equal(0.12 + 0.12 + 0.36 + 0.36 + 0.12 + 0.12 + 0.12 + 0.5, label.Seconds, 3);
        Assert.Equal(label.Audio.Channel(0), label.Audio.Channel(1));
        Assert.Null(label.CharactersPerMinute);
    }

    [Fact]
    public void The_spoken_Chinese_notice_is_voiced_at_120_to_160_characters_a_minute()
    {
        var label = AudibleLabelRenderer.Render(new AudibleLabel(AudibleLabelKind.Speech), 44100, 1);
        var mono = DecodeWithFfmpeg(label.Audio, "speech-cmn.wav");
        var (first, last, voicedFraction) = AudibleLabelListener.VoicedSpan(mono, 0, label.Seconds) ?? throw new Xunit.Sdk.XunitException("the notice is silent");
        double seconds = last - first;
        // "人工智能生成": six characters, so 2.25 s (160 a minute) to 3.0 s (120 a minute) from first to last sound.
        Assert.True(seconds >= 6 * 60.0 / 160 - 0.05 && seconds <= 6 * 60.0 / 120 + 0.05, $"voiced from {first:F2} s to {last:F2} s");
        Assert.True(voicedFraction > 0.5, $"only {voicedFraction:P0} of the span is above -40 dBFS");
        Assert.InRange(label.CharactersPerMinute!.Value, 120, 160);
    }

    [Fact]
    public void An_English_notice_is_spoken_too()
    {
        var label = AudibleLabelRenderer.Render(new AudibleLabel(AudibleLabelKind.Speech, "AI-generated content"), 22050, 1);
        var (first, last, voicedFraction) = AudibleLabelListener.VoicedSpan(DecodeWithFfmpeg(label.Audio, "speech-en.wav"), 0, label.Seconds)
            ?? throw new Xunit.Sdk.XunitException("the notice is silent");
        Assert.InRange(last - first, 0.8, 4);
        Assert.True(voicedFraction > 0.5, $"only {voicedFraction:P0} of the span is above -40 dBFS");
    }

    [Theory]
    [InlineData("生成内容")]
    [InlineData("")]
    [InlineData("AI\n生成")]
    public void A_notice_that_does_not_name_AI_or_is_not_one_line_is_refused(string text)
    {
        Assert.Throws<InvalidLabelException>(() => new AudibleLabel(AudibleLabelKind.Speech, text));
    }

    [Fact]
    public void A_label_rendered_for_other_audio_is_not_prepended()
    {
        var label = AudibleLabelRenderer.Render(new AudibleLabel(), 48000, 1);
        var content = new PcmAudio(new float[44100 * 2], 2, 44100);
        Assert.Throws<ArgumentException>(() => AudibleLabelRenderer.Prepend(label, content));
    }

    /// <summary>Writes <paramref name="audio"/> as a 16-bit PCM WAV and has ffmpeg decode it to mono at 16 kHz.</summary>
    private float[] DecodeWithFfmpeg(PcmAudio audio, string name)
    {
        var wav = Path.Combine(_folder, name);
        File.WriteAllBytes(wav, Wav16(audio));
        return AudibleLabelListener.DecodeMono(wav);
    }

    private static byte[] Wav16(PcmAudio audio)
    {
        int dataBytes = audio.Samples.Length * 2;
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), (short)audio.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), audio.SampleRate * audio.Channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), (short)(audio.Channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        for (int i = 0; i < audio.Samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + 2 * i), (short)Math.Round(Math.Clamp(audio.Samples[i], -1f, 1f) * 32767));
        }
        return wav;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
