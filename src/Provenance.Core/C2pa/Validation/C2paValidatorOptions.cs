namespace Provenance.Core.C2pa.Validation;

/// <summary>How a <see cref="C2paValidator"/> decides trust.</summary>
public sealed record C2paValidatorOptions
{
    /// <summary>PEM bundle of the claim-signer trust anchors (e.g. keys-example/trust-anchors.pem). None: nothing is Trusted.</summary>
    public string? TrustAnchorsPem { get; init; }

    /// <summary>PEM bundle of time-stamping authority anchors. None: time-stamps are checked but reported untrusted.</summary>
    public string? TimeStampAnchorsPem { get; init; }

    /// <summary>PEM bundle of anchors for CAWG X.509 identity assertions. None: such identities are reported untrusted.</summary>
    public string? IdentityAnchorsPem { get; init; }

    /// <summary>
    /// The EKUs accepted on a claim-signing certificate; null means c2pa-claimSigning, documentSigning,
    /// emailProtection and Microsoft's C2PA signing EKU.
    /// </summary>
    public IReadOnlyCollection<string>? ClaimSigningEkus { get; init; }

    /// <summary>
    /// SHA-256 thumbprints (hex, any case) of signer certificates the operator has revoked; a manifest signed by one
    /// fails with <c>signingCredential.ocsp.revoked</c>. The set is read at every validation, so a live set works.
    /// </summary>
    public IReadOnlySet<string>? RevokedSignerThumbprints { get; init; }

    /// <summary>Stop at the first failure instead of continuing to report everything that can still be checked.</summary>
    public bool StopAtFirstFailure { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The file-size bound applied before an asset is parsed.</summary>
    public MediaLimits MediaLimits { get; init; } = MediaLimits.Default;
}
