using Provenance.Contracts.V1;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;
using CoreLabel = Provenance.Core.Labeling.Explicit.ExplicitLabel;

namespace ProvenanceService.Rpc;

/// <summary>The explicit-label option of a Sign request and the region of its response, between proto and Core.</summary>
internal static class ExplicitLabelMapping
{
    /// <summary>
    /// The label a request asks for, or null when it asks for none. Empty text and an unspecified position take the
    /// defaults ("AI生成", bottom right); a text that is not an AI label throws <see cref="InvalidLabelException"/>.
    /// </summary>
    public static CoreLabel? FromRequest(ExplicitLabelOptions? options)
    {
        if (options is null)
        {
            return null;
        }
        var position = options.Position switch
        {
            ExplicitLabelPosition.Unspecified or ExplicitLabelPosition.BottomRight => LabelPosition.BottomRight,
            ExplicitLabelPosition.BottomLeft => LabelPosition.BottomLeft,
            ExplicitLabelPosition.TopRight => LabelPosition.TopRight,
            ExplicitLabelPosition.TopLeft => LabelPosition.TopLeft,
            ExplicitLabelPosition.BottomCenter => LabelPosition.BottomCenter,
            ExplicitLabelPosition.TopCenter => LabelPosition.TopCenter,
            var unknown => throw new InvalidLabelException($"explicit_label.position {(int)unknown} is not a label position."),
        };
        var span = options.Span switch
        {
            ExplicitLabelSpan.Unspecified or ExplicitLabelSpan.Opening => LabelSpan.Opening,
            ExplicitLabelSpan.OpeningAndEnd => LabelSpan.OpeningAndEnd,
            ExplicitLabelSpan.Throughout => LabelSpan.Throughout,
            var unknown => throw new InvalidLabelException($"explicit_label.span {(int)unknown} is not a label span."),
        };
        return new CoreLabel(options.Text.Length == 0 ? CoreLabel.DefaultText : options.Text, position, span);
    }

    /// <summary>
    /// The audible label the request's options ask for (the rhythm prompt unless <c>audio</c> says speech; a spoken
    /// notice says the text, or "人工智能生成" when it is empty), or null when there are no options. Checked here, so a
    /// bad option is INVALID_ARGUMENT whatever the media.
    /// </summary>
    public static AudibleLabel? AudibleFromRequest(ExplicitLabelOptions? options)
    {
        if (options is null)
        {
            return null;
        }
        return options.Audio switch
        {
            ExplicitLabelAudio.Unspecified or ExplicitLabelAudio.Rhythm => new AudibleLabel(AudibleLabelKind.Rhythm),
            ExplicitLabelAudio.Speech => new AudibleLabel(AudibleLabelKind.Speech, options.Text.Length == 0 ? AudibleLabel.DefaultSpokenText : options.Text),
            var unknown => throw new InvalidLabelException($"explicit_label.audio {(int)unknown} is not an audible label."),
        };
    }

    public static ExplicitLabelRegion ToResponse(DrawnLabel drawn)
    {
        var region = Region(drawn);
        if (drawn.Times is { } times)
        {
            region.Span = drawn.Span switch
            {
                "opening" => ExplicitLabelSpan.Opening,
                "opening-and-end" => ExplicitLabelSpan.OpeningAndEnd,
                "throughout" => ExplicitLabelSpan.Throughout,
                _ => ExplicitLabelSpan.Unspecified,
            };
            region.Frames.AddRange(times.Select(t => new ExplicitLabelFrames
            {
                FirstFrame = t.FirstFrame,
                LastFrame = t.LastFrame,
                StartSeconds = t.StartSeconds,
                EndSeconds = t.EndSeconds,
            }));
        }
        return region;
    }

    /// <summary>An audio file's label: which one, what a notice says, and the time it takes before the content.</summary>
    public static ExplicitLabelRegion ToResponse(PlayedLabel played) => new()
    {
        Text = played.SpokenText ?? "",
        Sound = new ExplicitLabelSound
        {
            // PlayedLabel names its kind as the manifest does.
            Kind = played.Kind switch
            {
                "rhythm" => ExplicitLabelAudio.Rhythm,
                "speech" => ExplicitLabelAudio.Speech,
                _ => ExplicitLabelAudio.Unspecified,
            },
            StartSeconds = played.StartSeconds,
            EndSeconds = played.EndSeconds,
            CharactersPerMinute = played.CharactersPerMinute ?? 0,
        },
    };

    private static ExplicitLabelRegion Region(DrawnLabel drawn) => new()
    {
        Text = drawn.Text,
        // DrawnLabel names its position as the manifest does.
        Position = drawn.Position switch
        {
            "bottom-right" => ExplicitLabelPosition.BottomRight,
            "bottom-left" => ExplicitLabelPosition.BottomLeft,
            "top-right" => ExplicitLabelPosition.TopRight,
            "top-left" => ExplicitLabelPosition.TopLeft,
            "bottom-center" => ExplicitLabelPosition.BottomCenter,
            "top-center" => ExplicitLabelPosition.TopCenter,
            _ => ExplicitLabelPosition.Unspecified,
        },
        X = drawn.X,
        Y = drawn.Y,
        Width = drawn.Width,
        Height = drawn.Height,
        TextHeight = drawn.TextHeight,
    };
}
