namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// When a video shows its explicit label. GB 45438-2025 asks for the label on the opening frames for at least 2 s
/// at normal speed, and allows it in addition at the end, in the middle or throughout. Images ignore it.
/// </summary>
public enum LabelSpan
{
    /// <summary>The first <see cref="LabelSpans.MinSeconds"/> seconds (the whole clip when shorter).</summary>
    Opening,

    /// <summary>The opening span and the last <see cref="LabelSpans.MinSeconds"/> seconds.</summary>
    OpeningAndEnd,

    /// <summary>Every frame.</summary>
    Throughout,
}

internal static class LabelSpans
{
    /// <summary>GB 45438-2025: the opening label is shown for at least 2 s.</summary>
    public const double MinSeconds = 2.0;

    /// <summary>The name the manifest and the CLI use: "opening", "opening-and-end", "throughout".</summary>
    public static string Name(this LabelSpan span) => span switch
    {
        LabelSpan.Opening => "opening",
        LabelSpan.OpeningAndEnd => "opening-and-end",
        LabelSpan.Throughout => "throughout",
        _ => throw new ArgumentOutOfRangeException(nameof(span), span, "not a label span"),
    };

    /// <summary>The span of a <see cref="Name"/>, or null for any other text.</summary>
    public static LabelSpan? Parse(string name) =>
        Enum.GetValues<LabelSpan>().Cast<LabelSpan?>().FirstOrDefault(s => s!.Value.Name() == name);
}
