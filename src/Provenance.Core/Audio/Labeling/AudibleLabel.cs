using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Audio.Labeling;

/// <summary>
/// A request for the audible explicit label of GB 45438-2025: the rhythm prompt, or a spoken notice of
/// <see cref="SpokenText"/>. The constructor checks the text as a visible label's is checked (one line of at most
/// <see cref="MaxTextLength"/> characters naming "AI" or "人工智能"), so a notice that does not say what it is for is
/// refused before any work (<see cref="InvalidLabelException"/>).
/// </summary>
public sealed record AudibleLabel
{
    /// <summary>The standard's example of a spoken notice.</summary>
    public const string DefaultSpokenText = "人工智能生成";

    public const int MaxTextLength = ExplicitLabel.MaxTextLength;

    public AudibleLabel(AudibleLabelKind kind = AudibleLabelKind.Rhythm, string spokenText = DefaultSpokenText)
    {
        ArgumentNullException.ThrowIfNull(spokenText);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an audible label kind");
        }
        Kind = kind;
        // The same rules as a visible label's text.
        SpokenText = ExplicitLabel.CheckText(spokenText);
    }

    public AudibleLabelKind Kind { get; }

    /// <summary>What <see cref="AudibleLabelKind.Speech"/> says; unused by the rhythm prompt.</summary>
    public string SpokenText { get; }
}
