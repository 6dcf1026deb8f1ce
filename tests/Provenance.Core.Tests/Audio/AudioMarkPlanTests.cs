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
    [InlineData(44_100, 2)]
    [InlineData(16_000, 1)]
    public void Pieces_in_place_give_the_samples_and_snr_of_a_whole_embedding(int sampleRate, int channels)
    {
        var audio = AudioWatermarkTests.Chords(seconds: 11, sampleRate, channels, seed: 5);
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
