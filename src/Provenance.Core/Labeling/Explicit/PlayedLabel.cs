namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Where Sign put an audible explicit label in an audio file: what the manifest's <c>c2pa.edited</c> action records
/// and what a caller may show, as <see cref="DrawnLabel"/> is for a visible one. The label is played before the
/// content: from <see cref="StartSeconds"/> (0) to <see cref="EndSeconds"/> the signed audio is the label and the
/// silence after it, and the content follows from <see cref="EndSeconds"/> on.
/// </summary>
/// <param name="Kind">The label's name as the manifest writes it: "rhythm" or "speech".</param>
/// <param name="SpokenText">What a spoken notice says; null for the rhythm prompt.</param>
/// <param name="StartSeconds">Where the label starts in the signed audio, in seconds.</param>
/// <param name="EndSeconds">Where the content starts, in seconds.</param>
/// <param name="CharactersPerMinute">For a spoken notice, how fast it was spoken over its voiced span.</param>
public sealed record PlayedLabel(string Kind, string? SpokenText, double StartSeconds, double EndSeconds, double? CharactersPerMinute)
{
    public double Seconds => EndSeconds - StartSeconds;
}
