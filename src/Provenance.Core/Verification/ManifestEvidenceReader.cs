using Provenance.Core.C2pa.Validation;
using Provenance.Core.Labeling;

namespace Provenance.Core.Verification;

/// <summary>Turns a C2PA validation result into the evidence the verdict policy weighs.</summary>
internal static class ManifestEvidenceReader
{
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
    /// Signature and hashes hold: no failure of the integrity class (<see cref="FailureClasses"/>). A manifest that
    /// fails only on its credential or on a conformance rule is intact; the verdict then is untrusted, not tampered.
    /// </summary>
    public static bool IsIntact(C2paValidationResult result) =>
        result.HasManifest && !FailureClasses.AnyIntegrity(result.FailureCodes);

    /// <summary>The manifest validates, or fails only on who signed it (untrusted, expired, revoked).</summary>
    public static bool FailsAtMostOnItsCredential(C2paValidationResult result) =>
        result.HasManifest && (result.State is ValidationState.Valid or ValidationState.Trusted || FailureClasses.OnlyCredential(result.FailureCodes));

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
