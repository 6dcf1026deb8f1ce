using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The planned mark rendered in pieces, as Sign renders it while the encoder takes the seconds already marked: the
/// samples and the SNR are the ones a whole embedding gives, and in place is the same as into a copy.
/// </summary>
public sealed class AudioMarkPlanTests
{
    private static readonly AudioWatermarker Watermarker = new(new AudioWatermarkOptions { KeyHex = "A0D10A0D10A0D10A0D10A0D10A0D1001" });

    [Theory]
    [InlineData(11, 44_100, 2)]
    [InlineData(11, 16_000, 1)]
    [InlineData(33, 22_050, 1)] // three segments, each planned when the render comes near it
    public void Pieces_in_place_give_the_samples_and_snr_of_a_whole_embedding(double seconds, int sampleRate, int channels)
    {
        var audio = AudioWatermarkTests.Chords(seconds, sampleRate, channels, seed: 5);
        const ulong id = 0xFEDC_BA98_7654_3210;
        var whole = Watermarker.Embed(audio, id);

        var plan = Watermarker.Plan(audio, id);
        Assert.Throws<InvalidOperationException>(() => plan.SnrDb);
        var original = (float[])audio.Samples.Clone();
        for (int size = 1; plan.Rendered < plan.Frames; size = (size * 3) + 17)
        {
            plan.RenderNext(audio.Samples, Math.Min(size, plan.Frames - plan.Rendered));
        }
        Assert.Equal(whole.Marked.Samples, audio.Samples);
        Assert.Equal(whole.SnrDb, plan.SnrDb);
        Assert.NotEqual(original, audio.Samples);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.RenderNext(audio.Samples, 1));
    }

    [Fact]
    public void Every_segment_meets_the_snr_target_on_its_own()
    {
        // Two segments of music (320 slots of 1024 samples at 16 kHz), then two of other music 30 dB down: planned as
        // one, the quiet half's cheap cells would take their full shifts and its mark would be far louder against it
        // than the target; planned in segments, each passage keeps its mark 30.5 dB under itself.
        var loud = AudioWatermarkTests.Chords(seconds: 320 * 1024 / 16_000.0, 16_000, 1, seed: 3);
        var quiet = AudioWatermarkTests.Chords(seconds: 21, 16_000, 1, seed: 4);
        var samples = loud.Samples.Concat(quiet.Samples.Select(x => x * 0.0316f)).ToArray();
        var audio = new PcmAudio(samples, 1, 16_000);
        var marked = Watermarker.Embed(audio, 7);

        Assert.InRange(marked.SnrDb, 30.5, 31.5);
        foreach (var (from, to) in new[] { (0, loud.Samples.Length), (loud.Samples.Length, samples.Length) })
        {
            double signal = 0, mark = 0;
            for (int i = from + 2048; i < to - 2048; i++) // clear of the frames that straddle the change
            {
                signal += (double)samples[i] * samples[i];
                double d = marked.Marked.Samples[i] - samples[i];
                mark += d * d;
            }
            Assert.InRange(10 * Math.Log10(signal / mark), 30.0, 32.5);
        }
    }

    [Fact]
    public void The_service_scheme_marks_in_place_what_its_watermarker_marks_into_a_copy()
    {
        var key = Convert.FromHexString("5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01");
        var scheme = AudioWatermarkScheme.FromWatermarkKey(key, 600);
        var audio = AudioWatermarkTests.Chords(seconds: 11, 48_000, 2, seed: 9);
        var copy = new PcmAudio((float[])audio.Samples.Clone(), audio.Channels, audio.SampleRate);

        double snr = scheme.Embed(audio, 42);
        var marking = ((IAudioWatermark)scheme).StartEmbed(copy, 42);
        Assert.Equal(0, marking.Rendered);
        while (marking.Rendered < marking.Frames)
        {
            marking.RenderNext(48_000);
        }
        Assert.Equal(audio.Samples, copy.Samples);
        Assert.Equal(snr, marking.SnrDb);
    }
}
