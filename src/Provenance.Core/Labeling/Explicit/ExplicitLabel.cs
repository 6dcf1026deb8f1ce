namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// A request for the visible AI label of GB 45438-2025 (section 4, explicit labels for images): a text that says
/// the content is AI-generated, drawn on a plate at an edge or corner of the image. The constructor checks the
/// text (<see cref="InvalidLabelException"/>); whether the font draws it and whether it fits a given image are
/// known only when it is drawn (<see cref="LabelRenderer"/>). A video shows it on the frames of <see cref="Span"/>.
/// </summary>
public sealed record ExplicitLabel
{
    /// <summary>The label the standard gives as its example.</summary>
    public const string DefaultText = "AI生成";

    /// <summary>Longest accepted text, in UTF-16 code units: a label, not a caption (and bounded shaping work).</summary>
    public const int MaxTextLength = 32;

    public ExplicitLabel(string text = DefaultText, LabelPosition position = LabelPosition.BottomRight, LabelSpan span = LabelSpan.Opening)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Enum.IsDefined(position))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "not a label position");
        }
        if (!Enum.IsDefined(span))
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "not a label span");
        }
        Text = CheckText(text);
        Position = position;
        Span = span;
    }

    public string Text { get; }

    public LabelPosition Position { get; }

    /// <summary>Which frames of a video carry the label (images have one frame and ignore it).</summary>
    public LabelSpan Span { get; }

    /// <summary>The text rules of a label, visible or spoken; throws <see cref="InvalidLabelException"/>.</summary>
    internal static string CheckText(string text)
    {
        if (text.Length == 0 || text.Length > MaxTextLength)
        {
            throw new InvalidLabelException($"The explicit label text must have 1 to {MaxTextLength} characters.");
        }
        if (text.Any(char.IsControl) || string.IsNullOrWhiteSpace(text) || text.Trim().Length != text.Length)
        {
            throw new InvalidLabelException("The explicit label text must be one line without control characters or outer spaces.");
        }
        // GB 45438-2025 wants the label to say "AI" or "人工智能" (with 生成 and/or 合成, or an equivalent such as
        // "AI-generated"); a label that does not name AI at all is not an AI label.
        if (!text.Contains("AI", StringComparison.Ordinal) && !text.Contains("人工智能", StringComparison.Ordinal))
        {
            throw new InvalidLabelException("The explicit label text must contain \"AI\" or \"人工智能\" (GB 45438-2025).");
        }
        return text;
    }
}
