using Provenance.Contracts.V1;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;
using ProvenanceService.Rpc;

namespace ProvenanceService.Tests.Rpc;

/// <summary>The explicit-label fields added for video and audio, between proto and Core.</summary>
public sealed class ExplicitLabelMappingTests
{
    [Theory]
    [InlineData(ExplicitLabelSpan.Unspecified, LabelSpan.Opening)]
    [InlineData(ExplicitLabelSpan.Opening, LabelSpan.Opening)]
    [InlineData(ExplicitLabelSpan.OpeningAndEnd, LabelSpan.OpeningAndEnd)]
    [InlineData(ExplicitLabelSpan.Throughout, LabelSpan.Throughout)]
    public void The_span_maps_with_the_opening_as_default(ExplicitLabelSpan wire, LabelSpan core)
    {
        Assert.Equal(core, ExplicitLabelMapping.FromRequest(new ExplicitLabelOptions { Span = wire })!.Span);
    }

    [Fact]
    public void Unknown_span_and_audio_values_are_invalid_arguments()
    {
        Assert.Throws<InvalidLabelException>(() => ExplicitLabelMapping.FromRequest(new ExplicitLabelOptions { Span = (ExplicitLabelSpan)7 }));
        Assert.Throws<InvalidLabelException>(() => ExplicitLabelMapping.AudibleFromRequest(new ExplicitLabelOptions { Audio = (ExplicitLabelAudio)7 }));
    }

    [Fact]
    public void The_audio_option_is_the_rhythm_prompt_unless_speech_is_asked_for()
    {
        Assert.Null(ExplicitLabelMapping.AudibleFromRequest(null));
        Assert.Equal(AudibleLabelKind.Rhythm, ExplicitLabelMapping.AudibleFromRequest(new ExplicitLabelOptions())!.Kind);
        var speech = ExplicitLabelMapping.AudibleFromRequest(new ExplicitLabelOptions { Audio = ExplicitLabelAudio.Speech })!;
        Assert.Equal((AudibleLabelKind.Speech, "人工智能生成"), (speech.Kind, speech.SpokenText));
        var english = ExplicitLabelMapping.AudibleFromRequest(new ExplicitLabelOptions { Audio = ExplicitLabelAudio.Speech, Text = "AI-generated" })!;
        Assert.Equal("AI-generated", english.SpokenText);
    }

    [Fact]
    public void A_video_region_carries_its_span_and_frames_and_an_image_region_none()
    {
        var image = new DrawnLabel("AI生成", "bottom-right", 10, 20, 30, 40, 24);
        var imageRegion = ExplicitLabelMapping.ToResponse(image);
        Assert.Equal(ExplicitLabelSpan.Unspecified, imageRegion.Span);
        Assert.Empty(imageRegion.Frames);

        var video = image with { Span = "opening-and-end", Times = [new LabelTimeRange(0, 59, 0, 2.002), new LabelTimeRange(90, 149, 3.003, 5.005)] };
        var videoRegion = ExplicitLabelMapping.ToResponse(video);
        Assert.Equal(ExplicitLabelSpan.OpeningAndEnd, videoRegion.Span);
        Assert.Equal([(0, 59, 0.0, 2.002), (90, 149, 3.003, 5.005)],
            videoRegion.Frames.Select(f => (f.FirstFrame, f.LastFrame, f.StartSeconds, f.EndSeconds)));
    }

    [Fact]
    public void An_audio_region_carries_its_sound_and_no_rectangle()
    {
        var rhythm = ExplicitLabelMapping.ToResponse(new PlayedLabel("rhythm", null, 0, 1.82, null));
        Assert.Equal((ExplicitLabelAudio.Rhythm, 0.0, 1.82, 0.0), (rhythm.Sound.Kind, rhythm.Sound.StartSeconds, rhythm.Sound.EndSeconds, rhythm.Sound.CharactersPerMinute));
        Assert.Equal(("", ExplicitLabelPosition.Unspecified, 0, 0), (rhythm.Text, rhythm.Position, rhythm.Width, rhythm.Height));
        Assert.Empty(rhythm.Frames);

        var speech = ExplicitLabelMapping.ToResponse(new PlayedLabel("speech", "人工智能生成", 0, 3.1, 141.5));
        Assert.Equal((ExplicitLabelAudio.Speech, "人工智能生成", 141.5), (speech.Sound.Kind, speech.Text, speech.Sound.CharactersPerMinute));

        Assert.Null(ExplicitLabelMapping.ToResponse(new DrawnLabel("AI生成", "bottom-right", 10, 20, 30, 40, 24)).Sound);
    }
}
