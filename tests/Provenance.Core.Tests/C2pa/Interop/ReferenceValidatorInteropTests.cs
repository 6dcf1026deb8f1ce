using Provenance.Core.C2pa.Validation;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>
/// What we sign, the reference implementation (c2pa-node and c2pa-wasm) accepts as Trusted; what we call tampered,
/// it calls tampered with the same codes; what it signs, we accept.
/// </summary>
public partial class ReferenceValidatorInteropTests(InteropCorpus corpus) : IClassFixture<InteropCorpus>
{
    [Fact]
    public void Every_corpus_photo_signed_as_jpeg_png_and_webp_is_trusted_by_both_reference_validators()
    {
        Assert.Equal(3 * Directory.GetFiles(RepositoryPaths.Photos).Count(f => f.EndsWith(".jpg") || f.EndsWith(".png")), corpus.SignedCorpus.Count);
        var problems = new List<string>();
        foreach (var file in corpus.SignedCorpus)
        {
            var verdicts = corpus.VerdictsFor(file).ToList();
            if (verdicts.Count != 2)
            {
                problems.Add($"{Path.GetFileName(file)}: {verdicts.Count} verdicts");
            }
            foreach (var verdict in verdicts.Where(v => v.State != "Trusted" || v.Failures.Count > 0))
            {
                problems.Add($"{Path.GetFileName(file)} {verdict.Validator}: {verdict.State ?? verdict.Error} [{string.Join(",", verdict.Failures)}]");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Our_validator_trusts_the_same_files()
    {
        var validator = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(corpus.TrustAnchorsPath) });
        Assert.All(corpus.SignedCorpus, file =>
        {
            var result = validator.Validate(File.ReadAllBytes(file));
            Assert.True(result.State == ValidationState.Trusted && !result.ActiveManifest.Failure.Any(), $"{Path.GetFileName(file)}: {result.State} {C2paTestKit.Codes(result.ActiveManifest)}");
        });
    }

    [Theory]
    [InlineData("pixel", "Invalid", StatusCodes.AssertionDataHashMismatch)]
    [InlineData("assertion", "Invalid", StatusCodes.AssertionHashedUriMismatch)]
    [InlineData("claim", "Invalid", StatusCodes.ClaimSignatureMismatch)]
    [InlineData("signature", "Invalid", StatusCodes.ClaimSignatureMismatch)]
    [InlineData("swapped", "Invalid", StatusCodes.AssertionDataHashMismatch)]
    [InlineData("untrusted", "Valid", StatusCodes.SigningCredentialUntrusted)]
    public void Tampering_gets_the_same_code_from_us_and_from_both_reference_validators(string tampering, string state, string code)
    {
        var file = corpus.Tampered[tampering];
        var ours = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(corpus.TrustAnchorsPath) }).Validate(File.ReadAllBytes(file));

        Assert.Equal(state, ours.State.ToString());
        Assert.Equal([code], ours.FailureCodes);
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal(state, verdict.State);
            Assert.Equal([code], verdict.Failures.Distinct());
        }
    }

    [Fact]
    public void An_expired_signer_is_invalid_for_us_and_for_both_reference_validators()
    {
        var file = corpus.Tampered["expired"];
        var ours = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(corpus.TrustAnchorsPath) }).Validate(File.ReadAllBytes(file));

        Assert.Equal(ValidationState.Invalid, ours.State);
        Assert.Equal([StatusCodes.SigningCredentialExpired], ours.FailureCodes);
        // Both builds name signingCredential.expired; c2pa-wasm also reports the expired chain as untrusted
        // (its trust check runs at the current time and fails on the same expiry), which we do not repeat.
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal("Invalid", verdict.State);
            Assert.Contains(StatusCodes.SigningCredentialExpired, verdict.Failures);
            Assert.All(verdict.Failures, f => Assert.Contains(f, new[] { StatusCodes.SigningCredentialExpired, StatusCodes.SigningCredentialUntrusted }));
        }
    }

    [Fact]
    public void Files_signed_by_c2pa_node_are_trusted_by_our_validator()
    {
        var validator = C2paTestKit.FixtureValidator();
        Assert.All(corpus.NodeSigned, signed =>
        {
            var result = validator.Validate(File.ReadAllBytes(signed.Value));
            Assert.True(result.State == ValidationState.Trusted, $"{signed.Key}: {result.State} {C2paTestKit.Codes(result.ActiveManifest)}");
            Assert.Equal("provenance interop test 1.0.0", result.Summary!.ClaimGenerator);
        });
    }

    [Fact]
    public void An_update_manifest_over_our_manifest_is_trusted_by_both_reference_validators_and_by_us()
    {
        var ours = C2paTestKit.ExampleValidator().Validate(File.ReadAllBytes(corpus.UpdateManifestFile));

        Assert.Equal(ValidationState.Trusted, ours.State);
        Assert.Empty(ours.FailureCodes);
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(corpus.UpdateManifestFile), v => v.Validator == validator);
            Assert.Equal("Trusted", verdict.State);
            Assert.Empty(verdict.Failures);
        }
    }
}
