using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;
using Provenance.Core.Audio.Watermark.Evaluation;
using Provenance.Testing;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The audio watermark end to end on small inputs: a synthesised piece of music (sustained chords) and a corpus
/// recording, blind detection from a window cut at an odd offset, one codec round trip through ffmpeg, and no
/// detection on unmarked audio. The robustness figures over the whole corpus come from `provenance bench
/// audio-watermark` (docs/audio-watermark.md), not from here.
/// </summary>
public sealed class AudioWatermarkTests
{
    private static readonly AudioWatermarkOptions Options = new() { KeyHex = "A0D10A0D10A0D10A0D10A0D10A0D1001" };
    private static readonly AudioWatermarker Watermarker = new(Options);
    private static string CorpusAudio(string name) => Path.Combine(RepositoryPaths.Shared, "corpus", "audio", name);

    [Fact]
    public void Synthesised_chords_are_marked_at_the_target_snr_and_found_in_ten_and_five_second_windows()
    {
        var watermarker = Watermarker;
        var audio = Chords(seconds: 12, sampleRate: 44_100, channels: 2, seed: 3);
        const ulong id = 0x0123_4567_89AB_CDEF;
        var embedding = watermarker.Embed(audio, id);
        Assert.Equal(audio.Samples.Length, embedding.Marked.Samples.Length);
        // The strength is capped by the SNR target (31 dB predicted on the mono mix; measured a little under it).
        Assert.InRange(embedding.SnrDb, 30, 50);

        // Windows starting at odd samples, unknown to the detector.
        foreach (var (start, seconds) in new[] { (12_345, 10), (31_111, 5), (200_003, 5) })
        {
            var window = AudioAttackSuite.Slice(embedding.Marked, start, seconds * 44_100);
            var detection = watermarker.Detect(window);
            Assert.True(detection.Detected, $"{seconds} s at {start}: pilot z {detection.PilotZ:0.0}");
            Assert.Equal(id, detection.Id);
        }
    }

    [Fact]
    public void A_dc_offset_buys_the_mark_no_energy()
    {
        // Music at half level, then the same with an offset of a fifth of full scale on every sample: the offset more
        // than doubles the power but is inaudible, so the mark must be as quiet as without it.
        var music = FfmpegAudio.DecodeFile(CorpusAudio("elf-land.ogg"), maxSeconds: 12);
        var plain = music.Samples.Select(x => x * 0.5f).ToArray();
        var offset = plain.Select(x => x + 0.2f).ToArray();
        const ulong id = 0x0FF5_E700_0000_0001;

        double plainMark = MarkEnergy(new PcmAudio(plain, music.Channels, music.SampleRate), id);
        double offsetMark = MarkEnergy(new PcmAudio(offset, music.Channels, music.SampleRate), id);

        Assert.InRange(10 * Math.Log10(offsetMark / plainMark), -0.5, 0.5);
    }

    private static double MarkEnergy(PcmAudio audio, ulong id)
    {
        var marked = Watermarker.Embed(audio, id).Marked.Samples;
        double energy = 0;
        for (int i = 0; i < marked.Length; i++)
        {
            double d = marked[i] - audio.Samples[i];
            energy += d * d;
        }
        return energy;
    }

    [Fact]
    public void A_five_second_window_across_the_planned_segments_edges_is_found()
    {
        // A long input is planned in segments of 160 slots (10.24 s), each with its own strength; a window that holds
        // the end of one and the start of the next reads both.
        var music = FfmpegAudio.DecodeFile(CorpusAudio("love_theme.ogg"), maxSeconds: 31);
        const ulong id = 0x5E65_3E47_0000_0001;
        var marked = Watermarker.Embed(music, id).Marked;
        foreach (double edge in new[] { 10.24, 20.48 })
        {
            int start = (int)((edge - 2.3) * music.SampleRate);
            var detection = Watermarker.Detect(AudioAttackSuite.Slice(marked, start, 5 * music.SampleRate));
            Assert.True(detection.Detected, $"window over {edge} s: pilot z {detection.PilotZ:0.0}");
            Assert.Equal(id, detection.Id);
        }
    }

    [Fact]
    public void A_corpus_recording_survives_mp3_128k_through_ffmpeg()
    {
        var strong = Watermarker;
        var music = FfmpegAudio.DecodeFile(CorpusAudio("love_theme.ogg"), maxSeconds: 12);
        const ulong id = 0xFEED_FACE_0BAD_F00D;
        var marked = strong.Embed(music, id).Marked;
        var attacked = FfmpegAudio.RoundTrip(AudioAttackSuite.Slice(marked, 777, marked.Frames - 777), ["-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"]);
        var detection = strong.Detect(attacked);
        Assert.True(detection.Detected, $"pilot z {detection.PilotZ:0.0}");
        Assert.Equal(id, detection.Id);
    }

    [Fact]
    public void The_list_decoder_recovers_noisy_windows_one_viterbi_pass_loses_and_no_wrong_id()
    {
        // White noise at 20 dB SNR leaves many 5 s windows of music with the pilot found and the most likely
        // codeword a few decisions wrong (docs/audio-watermark.md, "List decoding").
        var music = FfmpegAudio.DecodeFile(CorpusAudio("love_theme.ogg"), maxSeconds: 20);
        const ulong id = 0x1157_DEC0_DE00_0005;
        var noisy = AudioAttackSuite.Noise(Watermarker.Embed(music, id).Marked, 20, new Random(5));
        var onePass = new AudioWatermarker(Options, AudioWatermarkTuning.Default with { ListSize = 1 }).DiagnoseAligned(noisy, id);
        var listed = Watermarker.DiagnoseAligned(noisy, id);
        Assert.Equal(onePass.Windows5, listed.Windows5);
        Assert.True(listed.Decoded5 > onePass.Decoded5, $"5 s windows decoded: list {listed.Decoded5}, one pass {onePass.Decoded5} of {listed.Windows5}");

        // Blind, as Verify reads them: every window is the right ID or nothing.
        for (int start = 0; start + (5 * music.SampleRate) <= noisy.Frames; start += 3 * music.SampleRate)
        {
            var detection = Watermarker.Detect(AudioAttackSuite.Slice(noisy, start, 5 * music.SampleRate));
            Assert.True(detection.Id is null || detection.Id == id, $"window at {start}: {detection.Id:X}");
        }
    }

    [Fact]
    public void Unmarked_audio_gives_no_detection()
    {
        var music = FfmpegAudio.DecodeFile(CorpusAudio("transience.ogg"), maxSeconds: 10);
        var voice = AudioCorpus.Concatenate([FfmpegAudio.DecodeFile(CorpusAudio("Front_Center.wav"), 10)], minSeconds: 6);
        var chords = Chords(seconds: 6, sampleRate: 16_000, channels: 1, seed: 9);
        foreach (var audio in new[] { music, voice, chords })
        {
            var detection = Watermarker.Detect(audio);
            Assert.False(detection.Detected);
            Assert.Null(detection.Id);
            Assert.InRange(detection.Decodes, 0, 32);
        }
    }

    [Fact]
    public void Too_short_and_too_long_inputs_are_refused_before_any_work()
    {
        var shortClip = new PcmAudio(new float[16_000 * 4], 1, 16_000);
        Assert.Equal(MediaError.TooSmall, Assert.Throws<InvalidMediaException>(() => Watermarker.Embed(shortClip, 1)).Error);
        var limited = new AudioWatermarker(Options with { MaxDurationSeconds = 2 });
        var longClip = new PcmAudio(new float[16_000 * 3], 1, 16_000);
        Assert.Equal(MediaError.TooLarge, Assert.Throws<InvalidMediaException>(() => limited.Detect(longClip)).Error);
        Assert.Equal(MediaError.Corrupt, Assert.Throws<InvalidMediaException>(() => new PcmAudio(new float[4], 1, 100)).Error);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void Every_coded_bit_is_carried_by_whole_groups_inside_one_slot(int pairsPerGroup, bool comb)
    {
        var layout = new MarkLayout(Options.Key, pairsPerGroup, comb);
        int groups = layout.GroupsPerSlot * MarkLayout.BlockSlots;
        var copies = new int[Provenance.Core.Watermark.Coding.PayloadCodec.CodedBits];
        int pilots = 0;
        for (int g = 0; g < groups; g++)
        {
            if (layout.CodedBitOfGroup[g] is int c and >= 0)
            {
                copies[c]++;
            }
            else
            {
                pilots++;
            }
            Assert.InRange(layout.Dither[g], 0f, 1f);
        }
        Assert.All(copies, n => Assert.Equal(layout.CopiesPerCodedBit, n));
        Assert.Equal(layout.PilotGroups, pilots);
        Assert.True(pilots >= 100, $"{pilots} pilot groups");
        // Every band of a slot is in exactly one pair, so a slot's groups never share a cell.
        for (int q = 0; q < MarkLayout.BlockSlots; q++)
        {
            var seen = new bool[layout.Bands];
            for (int k = 0; k < layout.PairsPerSlot; k++)
            {
                int p = (q * layout.PairsPerSlot) + k;
                foreach (int b in new[] { layout.Up[p], layout.Down[p] })
                {
                    Assert.False(seen[b], $"slot {q} band {b} used twice");
                    seen[b] = true;
                }
                if (comb)
                {
                    Assert.Equal(1, Math.Abs(layout.Up[p] - layout.Down[p]));
                }
            }
            Assert.All(seen, Assert.True);
        }
    }

    [Fact]
    public void Resampling_there_and_back_keeps_the_marked_band()
    {
        // A 1 kHz tone at 44.1 kHz to 16 kHz and back: the band the mark uses passes with errors far below the mark.
        var tone = new float[44_100];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = (float)Math.Sin(2 * Math.PI * 1000 * i / 44_100.0);
        }
        var back = Resampler.Resample(Resampler.Resample(tone, 44_100, 16_000), 16_000, 44_100);
        Assert.Equal(tone.Length, back.Length);
        double err = 0, sig = 0;
        for (int i = 2000; i < tone.Length - 2000; i++)
        {
            err += (back[i] - tone[i]) * (back[i] - tone[i]);
            sig += tone[i] * tone[i];
        }
        Assert.True(10 * Math.Log10(sig / err) > 60, $"round-trip SNR {10 * Math.Log10(sig / err):0.0} dB");
    }

    /// <summary>Sustained three-note chords (harmonics 1..8 falling as 1/h, 10 ms fades) changing every 1.5 s, over a
    /// noise floor 45 dB down: a stand-in for tonal music that needs no file.</summary>
    internal static PcmAudio Chords(double seconds, int sampleRate, int channels, int seed)
    {
        var rng = new Random(seed);
        int frames = (int)(seconds * sampleRate);
        var samples = new float[frames * channels];
        int noteFrames = (int)(1.5 * sampleRate);
        for (int start = 0; start < frames; start += noteFrames)
        {
            var notes = Enumerable.Range(0, 3).Select(_ => 110 * Math.Pow(2, rng.Next(0, 36) / 12.0)).ToArray();
            int end = Math.Min(frames, start + noteFrames);
            for (int f = start; f < end; f++)
            {
                double t = (double)(f - start) / sampleRate;
                double env = Math.Min(1, Math.Min(t, (double)(end - f) / sampleRate) / 0.01);
                double v = 0;
                foreach (double n in notes)
                {
                    for (int h = 1; h <= 8 && n * h < sampleRate / 2.2; h++)
                    {
                        v += Math.Sin(2 * Math.PI * n * h * t) / h;
                    }
                }
                v = 0.08 * env * v;
                for (int c = 0; c < channels; c++)
                {
                    samples[(f * channels) + c] = (float)(v + (0.0015 * ((rng.NextDouble() * 2) - 1)));
                }
            }
        }
        return new PcmAudio(samples, channels, sampleRate);
    }
}
