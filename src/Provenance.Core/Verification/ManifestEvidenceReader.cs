using Provenance.Core.C2pa.Validation;
using Provenance.Core.Labeling;

namespace Provenance.Core.Verification;

/// <summary>Turns a C2PA validation result into the evidence the verdict policy weighs.</summary>
internal static class ManifestEvidenceReader
{
    /// <summary>
    /// Failures about who signed rather than what was signed: with only these, the signature and hashes hold and
    /// the verdict is untrusted, not tampered (design.md: "revoked or expired" signers are untrusted).
    /// </summary>
    private static readonly HashSet<string> TrustFailures =
    [
        StatusCodes.SigningCredentialUntrusted,
        StatusCodes.SigningCredentialExpired,
        StatusCodes.SigningCredentialOcspRevoked,
        StatusCodes.ClaimSignatureOutsideValidity,
    ];

    public static ManifestEvidence FromEmbedded(C2paValidationResult result, string? storeRevocation, Func<string?, string?>? reasonFor)
    {
        var failures = result.FailureCodes.ToList();
        var revocation = RevocationOf(result, reasonFor) ?? storeRevocation;
        var summary = result.Summary;
        return new ManifestEvidence(
            Trusted: result.State == ValidationState.Trusted && revocation is null,
            Intact: IsIntact(result),
            failures,
            revocation,
            SoftBindingWatermarkId: summary?.SoftBindingValueHex?.ToLowerInvariant(),
            SignedLabel: AigcLabel.TryParse(summary?.AigcLabelJson),
            summary?.DigitalSourceType);
    }

    /// <summary>
    /// Signature and hashes hold: Valid already means that; an Invalid manifest still counts as intact when all it
    /// fails is who signed it.
    /// </summary>
    public static bool IsIntact(C2paValidationResult result) =>
        result.HasManifest && (result.State is ValidationState.Valid or ValidationState.Trusted || result.FailureCodes.All(TrustFailures.Contains));

    /// <summary>The stored manifest counts as trusted when its signature holds and its signer chains to an anchor.</summary>
    public static bool IsTrusted(C2paValidationResult storedValidation) => storedValidation.State == ValidationState.Trusted;

    /// <summary>
    /// Why the signer is revoked, when the validator reported it so: the operator's reason for that certificate
    /// when <paramref name="reasonFor"/> knows it, else the validator's explanation.
    /// </summary>
    public static string? RevocationOf(C2paValidationResult result, Func<string?, string?>? reasonFor) =>
        result.ActiveManifest.Failure.FirstOrDefault(s => s.Code == StatusCodes.SigningCredentialOcspRevoked) is { } revoked
            ? reasonFor?.Invoke(result.Summary?.SignerThumbprint) ?? revoked.Explanation ?? "the signing certificate is revoked"
            : null;
}
