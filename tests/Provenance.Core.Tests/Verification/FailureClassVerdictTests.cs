using Provenance.Core.C2pa.Validation;
using Provenance.Core.Verification;

namespace Provenance.Core.Tests.Verification;

/// <summary>
/// From the validator's failure codes to the verdict (<see cref="ManifestEvidenceReader"/>, <see cref="FailureClasses"/>,
/// <see cref="VerdictPolicy"/>): tampered needs an integrity failure; a credential failure stays untrusted whatever
/// conformance code comes along; a conformance failure alone is untrusted with its own reason.
/// </summary>
public sealed class FailureClassVerdictTests
{
    [Theory]
    [InlineData(StatusCodes.SigningCredentialExpired)]
    [InlineData(StatusCodes.SigningCredentialUntrusted)]
    [InlineData(StatusCodes.SigningCredentialOcspRevoked)]
    [InlineData(StatusCodes.SigningCredentialInvalid)]
    [InlineData(StatusCodes.ClaimSignatureOutsideValidity)]
    [InlineData(StatusCodes.CawgX509CredentialUntrusted)]
    public void A_credential_failure_is_untrusted_also_beside_a_conformance_code(string credential)
    {
        Assert.Equal(FailureClass.Credential, FailureClasses.Classify(credential));
        Assert.Equal(Verdict.Untrusted, VerdictOf(credential));
        // The third class: an expired or untrusted signer plus a code we might raise wrongly.
        Assert.Equal(Verdict.Untrusted, VerdictOf(credential, StatusCodes.ActionIngredientMismatch));
        Assert.Equal(Verdict.Untrusted, VerdictOf(credential, StatusCodes.ClaimHardBindingsMissing, StatusCodes.ActionMalformed));
    }

    [Theory]
    [InlineData(StatusCodes.AssertionDataHashMismatch)]
    [InlineData(StatusCodes.AssertionBmffHashMismatch)]
    [InlineData(StatusCodes.AssertionBoxesHashMismatch)]
    [InlineData(StatusCodes.AssertionHashedUriMismatch)]
    [InlineData(StatusCodes.AssertionMissing)]
    [InlineData(StatusCodes.ClaimSignatureMismatch)]
    [InlineData(StatusCodes.IngredientManifestMismatch)]
    [InlineData(StatusCodes.IngredientClaimSignatureMismatch)]
    public void An_integrity_failure_is_tampered_whatever_comes_along(string integrity)
    {
        Assert.Equal(FailureClass.Integrity, FailureClasses.Classify(integrity));
        Assert.Equal(Verdict.Tampered, VerdictOf(integrity));
        Assert.Equal(Verdict.Tampered, VerdictOf(StatusCodes.SigningCredentialExpired, integrity));
    }

    [Theory]
    [InlineData(StatusCodes.ActionIngredientMismatch)]
    [InlineData(StatusCodes.ActionMalformed)]
    [InlineData(StatusCodes.ClaimHardBindingsMissing)]
    [InlineData(StatusCodes.ManifestUpdateWrongParents)]
    [InlineData(StatusCodes.AssertionUndeclared)]
    [InlineData(StatusCodes.GeneralError)]
    public void A_conformance_failure_alone_is_untrusted_and_says_so(string code)
    {
        Assert.Equal(FailureClass.Conformance, FailureClasses.Classify(code));
        var decision = Decide(code);
        Assert.Equal(Verdict.Untrusted, decision.Verdict);
        Assert.Contains("breaks C2PA rules", decision.VerdictReason, StringComparison.Ordinal);
        Assert.Contains(code, decision.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_result_is_verified()
    {
        var result = new C2paValidationResult { HasManifest = true, State = ValidationState.Trusted };
        Assert.Equal(Verdict.Verified, VerdictPolicy.Decide(new Evidence(ManifestEvidenceReader.FromEmbedded(result, null, null), null, null, null, false)).Verdict);
    }

    [Fact]
    public void A_copy_is_derived_only_from_a_manifest_failing_at_most_on_its_credential()
    {
        Assert.True(ManifestEvidenceReader.FailsAtMostOnItsCredential(Invalid(StatusCodes.SigningCredentialExpired, StatusCodes.SigningCredentialUntrusted)));
        Assert.False(ManifestEvidenceReader.FailsAtMostOnItsCredential(Invalid(StatusCodes.SigningCredentialExpired, StatusCodes.ActionMalformed)));
        Assert.False(ManifestEvidenceReader.FailsAtMostOnItsCredential(Invalid(StatusCodes.AssertionDataHashMismatch)));
    }

    private static Verdict VerdictOf(params string[] codes) => Decide(codes).Verdict;

    private static Decision Decide(params string[] codes) =>
        VerdictPolicy.Decide(new Evidence(ManifestEvidenceReader.FromEmbedded(Invalid(codes), null, null), null, null, null, false));

    private static C2paValidationResult Invalid(params string[] codes) => new()
    {
        HasManifest = true,
        State = ValidationState.Invalid,
        ActiveManifest = new ValidationStatusSet([], [], codes.Select(c => new ValidationStatus(c, "self#jumbf=/c2pa", null)).ToList()),
    };
}
