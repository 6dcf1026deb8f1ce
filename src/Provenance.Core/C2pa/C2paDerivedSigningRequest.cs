namespace Provenance.Core.C2pa;

/// <summary>
/// What a derived manifest says about a copy whose metadata was changed, e.g. a distributing platform's copy with its
/// GB 45438 ContentPropagator and PropagateID written into the implicit label.
/// </summary>
public sealed record C2paDerivedSigningRequest
{
    /// <summary>
    /// Who made the change, as its credential identifies it (for a platform: its name, organisation and its
    /// ContentPropagator code, in <see cref="ContentGenerator.ContentProducer"/>'s place).
    /// </summary>
    public required ContentGenerator Generator { get; init; }

    /// <summary>The new implicit label JSON (<c>{"AIGC": {...}}</c>), exactly the text the asset's XMP <c>TC260:AIGC</c> now holds.</summary>
    public required string AigcLabelJson { get; init; }

    /// <summary>Optional description of the change, written on the <c>c2pa.edited.metadata</c> action.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The new manifest's label (<c>urn:c2pa:</c> followed by a UUID), e.g. to match a record kept elsewhere; null
    /// for a fresh one. It must not be the label of a manifest already in the store.
    /// </summary>
    public string? ManifestLabel { get; init; }
}
