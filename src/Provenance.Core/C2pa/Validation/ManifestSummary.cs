namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// What the active manifest says, for display and for the service's verdict. Only meaningful together with the
/// validation state: data from a manifest that is not Valid must not be attributed to its signer.
/// </summary>
public sealed record ManifestSummary
{
    public required string Label { get; init; }

    public int ClaimVersion { get; init; }

    /// <summary>claim_generator_info's name (and version), or a v1 claim's claim_generator.</summary>
    public string? ClaimGenerator { get; init; }

    public string? Title { get; init; }

    public string? InstanceId { get; init; }

    public string? SignerCommonName { get; init; }

    public string? SignerOrganization { get; init; }

    /// <summary>The issuer's organisation (or common name) of the signing certificate.</summary>
    public string? SignerIssuer { get; init; }

    /// <summary>SHA-256 thumbprint (hex) of the signing certificate, as revocation lists name it.</summary>
    public string? SignerThumbprint { get; init; }

    public string? SignatureAlgorithm { get; init; }

    /// <summary>
    /// When it was signed: the time-stamp's attested time when there is one, otherwise the <c>when</c> of the
    /// <c>c2pa.created</c> action (a claim of the signer, not attested by a third party).
    /// </summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>True when <see cref="SigningTime"/> comes from a trusted time-stamp.</summary>
    public bool SigningTimeAttested { get; init; }

    /// <summary>
    /// The time an RFC 3161 time-stamp on the signature attests, whether or not its authority is trusted (see
    /// <see cref="SigningTimeAttested"/>); null without a time-stamp whose signature verifies.
    /// </summary>
    public DateTimeOffset? TimeStampTime { get; init; }

    /// <summary>The time-stamping authority (its certificate's organisation or common name), with <see cref="TimeStampTime"/>.</summary>
    public string? TimeStampAuthority { get; init; }

    public IReadOnlyList<ManifestAction> Actions { get; init; } = [];

    /// <summary>
    /// The ingredients the claim lists, in order, each with what its own manifest says when that manifest was in the
    /// store and validated (so the list is a tree, as deep as validation goes). Data from an ingredient's manifest is
    /// as trustworthy as its validation, which the ingredient deltas report.
    /// </summary>
    public IReadOnlyList<IngredientSummary> Ingredients { get; init; } = [];

    /// <summary>The digitalSourceType of the c2pa.created (or c2pa.opened) action.</summary>
    public string? DigitalSourceType { get; init; }

    public string? SoftBindingAlgorithm { get; init; }

    /// <summary>The soft-binding value as hex (for this service's watermark: the 64-bit watermark ID).</summary>
    public string? SoftBindingValueHex { get; init; }

    /// <summary>The GB 45438 AIGC label JSON carried as a signed assertion, if any.</summary>
    public string? AigcLabelJson { get; init; }

    public IReadOnlyList<string> AssertionLabels { get; init; } = [];

    /// <summary>
    /// What the parentOf ingredient's manifest says (the asset before this manifest's change, e.g. the generator's
    /// manifest under a platform's derived one), when that manifest was validated; its own validity is reported in
    /// the ingredient deltas, not in the state.
    /// </summary>
    public ManifestSummary? Parent { get; init; }
}
