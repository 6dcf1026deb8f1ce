using Provenance.Core.Audio;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Audio.Labeling;

/// <summary>
/// Renders an audible explicit label as PCM for the audio Sign path to put at the start of the content, before the
/// audio watermark is embedded (so the mark covers it and the hard binding covers the labelled audio, as with a
/// visible label): the rhythm prompt (<see cref="RhythmPrompt"/>) or a spoken notice (<see cref="SpokenNotice"/>),
/// at the content's sample rate and channel count (the same signal in every channel).
/// </summary>
internal static class AudibleLabelRenderer
{
    public static RenderedAudibleLabel Render(AudibleLabel label, int sampleRate, int channels)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (channels is < 1 or > PcmAudio.MaxChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"1 to {PcmAudio.MaxChannels} channels");
        }
        float[] mono;
        double? rate = null;
        if (label.Kind == AudibleLabelKind.Rhythm)
        {
            mono = RhythmPrompt.Render(sampleRate);
        }
        else
        {
            (mono, var spoken) = SpokenNotice.Render(label.SpokenText, sampleRate);
            rate = spoken;
        }
        var samples = new float[mono.Length * channels];
        for (int f = 0, i = 0; f < mono.Length; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                samples[i++] = mono[f];
            }
        }
        return new RenderedAudibleLabel(label, new PcmAudio(samples, channels, sampleRate), rate);
    }

    /// <summary>
    /// <paramref name="content"/> with the rendered label before it: the label is not mixed over the first seconds,
    /// where loud content could mask it, but played first, and the content follows unchanged.
    /// </summary>
    public static PcmAudio Prepend(RenderedAudibleLabel label, PcmAudio content)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(content);
        if (label.Audio.SampleRate != content.SampleRate || label.Audio.Channels != content.Channels)
        {
            throw new ArgumentException($"the label was rendered at {label.Audio.SampleRate} Hz x {label.Audio.Channels}, the content is {content.SampleRate} Hz x {content.Channels}");
        }
        return new PcmAudio([.. label.Audio.Samples, .. content.Samples], content.Channels, content.SampleRate);
    }
}

/// <summary>
/// An audible label as PCM (<see cref="Audio"/>: the label and its trailing silence), and for a spoken notice the
/// rate it was spoken at in characters a minute (GB 45438-2025 asks for 120-160 for Chinese).
/// </summary>
internal sealed record RenderedAudibleLabel(AudibleLabel Label, PcmAudio Audio, double? CharactersPerMinute)
{
    public double Seconds => Audio.DurationSeconds;

    /// <summary>What the manifest and the response say of this label once <see cref="AudibleLabelRenderer.Prepend"/> put it first.</summary>
    public PlayedLabel Played() => new(Label.Kind.Name(), Label.Kind == AudibleLabelKind.Speech ? Label.SpokenText : null, 0, Seconds, CharactersPerMinute);
}
