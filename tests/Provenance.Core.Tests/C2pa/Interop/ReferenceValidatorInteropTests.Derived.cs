using Provenance.Core.C2pa.Validation;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>
/// Derived copies (a platform's propagator fields in the XMP label, a new active manifest with the previous one as
/// its parentOf ingredient): both reference builds trust them as we do, report the same ingredient deltas, and name
/// the same codes when a copy is tampered with.
/// </summary>
public partial class ReferenceValidatorInteropTests
{
    [Fact]
    public void Every_derived_copy_of_the_signed_corpus_is_trusted_with_clean_ingredient_deltas_by_both_reference_validators_and_by_us()
    {
        Assert.Equal(corpus.SignedCorpus.Count, corpus.DerivedCorpus.Count);
        var ours = Validator();
        var label = DerivedCopies.Propagated("PLATFORM-042", InteropCorpus.DerivedPropagateId).ToJson();
        var problems = new List<string>();
        foreach (var file in corpus.DerivedCorpus)
        {
            var name = Path.GetFileName(file);
            var result = ours.Validate(File.ReadAllBytes(file));
            if (result.State != ValidationState.Trusted || result.ActiveManifest.Failure.Count > 0 || result.Summary?.AigcLabelJson != label)
            {
                problems.Add($"{name} ours: {result.State} [{C2paTestKit.Codes(result.ActiveManifest)}]");
            }
            var ourDeltas = Deltas(result);
            if (ourDeltas != $"self#jumbf=/c2pa/{result.ActiveManifestLabel}/c2pa.assertions/c2pa.ingredient.v3: {StatusCodes.IngredientManifestValidated}")
            {
                problems.Add($"{name} ours: deltas {ourDeltas}");
            }
            var verdicts = corpus.VerdictsFor(file).ToList();
            if (verdicts.Count != 2)
            {
                problems.Add($"{name}: {verdicts.Count} verdicts");
            }
            foreach (var verdict in verdicts)
            {
                if (verdict.State != "Trusted" || verdict.Failures.Count > 0 || verdict.IngredientDeltas.Any(d => d.Failure.Count > 0))
                {
                    problems.Add($"{name} {verdict.Validator}: {verdict.State ?? verdict.Error} [{string.Join(",", verdict.Failures)}] deltas {Deltas(verdict)}");
                }
                // Same ingredient, same codes found (informational codes aside: c2pa-wasm adds signingCredential.ocsp.skipped).
                if (Deltas(verdict) != ourDeltas)
                {
                    problems.Add($"{name} {verdict.Validator}: deltas {Deltas(verdict)}, ours {ourDeltas}");
                }
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void A_copy_derived_twice_is_trusted_by_both_reference_validators_and_by_us()
    {
        var file = corpus.DerivedSpecial["twice"];
        var ours = Validator().Validate(File.ReadAllBytes(file));

        Assert.Equal(ValidationState.Trusted, ours.State);
        Assert.Empty(ours.ActiveManifest.Failure);
        Assert.All(ours.IngredientDeltas, d => Assert.Empty(d.ValidationDeltas.Failure));
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal("Trusted", verdict.State);
            Assert.Empty(verdict.Failures);
            Assert.All(verdict.IngredientDeltas, d => Assert.Empty(d.Failure));
        }
    }

    [Fact]
    public void A_parent_signer_no_longer_trusted_makes_the_copy_valid_for_both_reference_validators_and_for_us()
    {
        var file = corpus.DerivedSpecial["parent signer no longer trusted"];
        var ours = Validator().Validate(File.ReadAllBytes(file));

        Assert.Equal(ValidationState.Valid, ours.State);
        Assert.Empty(ours.ActiveManifest.Failure);
        Assert.Equal([StatusCodes.SigningCredentialUntrusted], ours.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure).Select(s => s.Code));
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal("Valid", verdict.State);
            Assert.Empty(verdict.Failures);
            Assert.Equal([StatusCodes.SigningCredentialUntrusted], verdict.IngredientDeltas.SelectMany(d => d.Failure));
        }
    }

    [Fact]
    public void The_parents_data_hash_is_not_rechecked_by_the_reference_validators_either()
    {
        // Derived from an original whose pixels were altered after signing: only the new manifest's binding (over the
        // copy's bytes) is checked, by both builds as by us, so deriving is for uploads the caller has verified.
        var file = corpus.DerivedSpecial["original with altered pixels"];

        Assert.Equal(ValidationState.Trusted, Validator().Validate(File.ReadAllBytes(file)).State);
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal("Trusted", verdict.State);
            Assert.Empty(verdict.Failures);
            Assert.All(verdict.IngredientDeltas, d => Assert.Empty(d.Failure));
        }
    }

    public static TheoryData<string, string> DerivedTamperings() => DerivedManifestTests.Tamperings();

    [Theory]
    [MemberData(nameof(DerivedTamperings))]
    public void Tampering_with_a_derived_copy_gets_the_same_codes_from_us_and_from_both_reference_validators(string format, string tampering)
    {
        var file = corpus.DerivedTampered[(format, tampering)];
        var (active, delta) = DerivedManifestTests.ExpectedCodes(tampering);
        var ours = Validator().Validate(File.ReadAllBytes(file));

        Assert.Equal(ValidationState.Invalid, ours.State);
        Assert.Equal(active, ours.FailureCodes);
        Assert.Equal(delta, ours.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure).Select(s => s.Code));
        foreach (var validator in ReferenceValidators.Names)
        {
            var verdict = Assert.Single(corpus.VerdictsFor(file), v => v.Validator == validator);
            Assert.Equal("Invalid", verdict.State);
            Assert.Equal(active, verdict.Failures.Distinct());
            Assert.Equal(delta, verdict.IngredientDeltas.SelectMany(d => d.Failure));
        }
    }

    private C2paValidator Validator() => new(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(corpus.TrustAnchorsPath) });

    /// <summary>Per ingredient assertion URI, the success and failure codes found, as one line.</summary>
    private static string Deltas(C2paValidationResult result) =>
        Line(result.IngredientDeltas.Select(d => (d.IngredientAssertionUri, d.ValidationDeltas.Success.Concat(d.ValidationDeltas.Failure).Select(s => s.Code))));

    private static string Deltas(ReferenceVerdict verdict) => Line(verdict.IngredientDeltas.Select(d => (d.Uri, d.Success.Concat(d.Failure))));

    private static string Line(IEnumerable<(string Uri, IEnumerable<string> Codes)> deltas) =>
        string.Join(" | ", deltas.Select(d => $"{d.Uri}: {string.Join(",", d.Codes.Order(StringComparer.Ordinal))}"));
}
