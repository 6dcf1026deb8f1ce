using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.C2pa;

/// <summary>What a manifest says about a generated asset.</summary>
public sealed record C2paSigningRequest
{
    public required ContentGenerator Generator { get; init; }

    /// <summary>The model that generated the content (the <c>softwareAgent</c> of <c>c2pa.created</c>).</summary>
    public required string ModelName { get; init; }

    public string? ModelVersion { get; init; }

    /// <summary>Optional <c>dc:title</c> of the claim.</summary>
    public string? Title { get; init; }

    /// <summary>The 64-bit ID embedded as an invisible watermark, or null when no watermark was embedded.</summary>
    public ulong? WatermarkId { get; init; }

    /// <summary>
    /// The <c>description</c> of the <c>c2pa.created</c> action, or null for none. Sign says there why an asset
    /// carries no watermark (too small, or the mark did not read back), as the manifest then has no
    /// <c>c2pa.watermarked</c> action and no soft binding to show it.
    /// </summary>
    public string? CreatedDescription { get; init; }

    /// <summary>
    /// The <c>description</c> of the <c>c2pa.watermarked</c> action, or null for the default (the asset's 64-bit ID in
    /// an invisible watermark). A clip whose audio track carries the mark too says so here.
    /// </summary>
    public string? WatermarkedDescription { get; init; }

    /// <summary>
    /// The manifest's label, <c>urn:c2pa:&lt;uuid&gt;</c>, when the caller must know it before signing (the AIGC
    /// label's ProduceID names it); null draws a fresh one.
    /// </summary>
    public string? ManifestLabel { get; init; }

    /// <summary>
    /// The visible label drawn on the content before it was watermarked, or null: recorded as a <c>c2pa.edited</c>
    /// action with the label's region, after <c>c2pa.created</c> and before <c>c2pa.watermarked</c>.
    /// </summary>
    public DrawnLabel? ExplicitLabel { get; init; }

    /// <summary>
    /// The audible label played before an audio file's content, or null: recorded as a <c>c2pa.edited</c> action
    /// with the label's time span, where a visible label's action would be.
    /// </summary>
    public PlayedLabel? AudibleLabel { get; init; }

    /// <summary>The GB 45438 implicit label JSON (<c>{"AIGC": {...}}</c>), the same text that goes into XMP.</summary>
    public required string AigcLabelJson { get; init; }
}
