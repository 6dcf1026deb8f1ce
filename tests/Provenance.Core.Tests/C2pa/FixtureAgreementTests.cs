using Provenance.Core.C2pa.Validation;
using Provenance.Core.Tests.TestData;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// The third-party files in ../shared/c2pa-fixtures beyond the state and codes that
/// <see cref="Foreign.ForeignCorpusAgreementTests"/> compares: every file has its reference answers, ingredient
/// deltas, time-stamps.
/// </summary>
public class FixtureAgreementTests
{
    private static readonly Lazy<C2paValidator> Validator = new(C2paTestKit.FixtureValidator);

    [Fact]
    public void Every_fixture_has_an_expectation()
    {
        var named = Foreign.ForeignExpectation.Load(Path.Combine(RepositoryPaths.C2paFixtures, "EXPECTED.jsonl")).Select(e => e.File).ToHashSet();
        Assert.All(TestFiles.Fixtures.Select(Path.GetFileName), f => Assert.Contains(f!, named));
    }

    [Fact]
    public void Ingredient_manifests_are_validated_and_reported_as_deltas()
    {
        var result = Validator.Value.Validate(File.ReadAllBytes(TestFiles.Fixture("CACA.jpg")));

        // The ingredient (CA) validates, and this trust list trusts its signer, which its record does not say. The
        // nested ingredient's ingredient.unknownProvenance is not a delta: CACA's ingredient recorded it in its own
        // ingredientDeltas (c2pa-wasm 0.13.3 leaves it out the same way; c2pa-node 0.5.5 still lists it).
        var delta = Assert.Single(result.IngredientDeltas);
        Assert.EndsWith("/c2pa.assertions/c2pa.ingredient.v3", delta.IngredientAssertionUri);
        Assert.Equal([StatusCodes.IngredientManifestValidated, StatusCodes.SigningCredentialTrusted],
            delta.ValidationDeltas.Success.Select(s => s.Code).Order(StringComparer.Ordinal));
        Assert.Empty(delta.ValidationDeltas.Failure);
    }

    [Fact]
    public void The_summary_lists_ingredients_as_a_tree_of_their_manifests()
    {
        // CACA.jpg was made from CA.jpg (parentOf, with its manifest), which was made from A.jpg (no manifest).
        var result = Validator.Value.Validate(File.ReadAllBytes(TestFiles.Fixture("CACA.jpg")));

        var parent = Assert.Single(result.Summary!.Ingredients);
        Assert.Equal(("CA.jpg", "parentOf", "image/jpeg"), (parent.Title, parent.Relationship, parent.Format));
        Assert.NotNull(parent.Manifest);
        Assert.Equal(parent.ManifestLabel, parent.Manifest.Label);
        Assert.Equal(result.Summary.Parent!.Label, parent.Manifest.Label);
        var grandparent = Assert.Single(parent.Manifest.Ingredients);
        Assert.Equal(("A.jpg", "parentOf"), (grandparent.Title, grandparent.Relationship));
        Assert.Null(grandparent.ManifestLabel);
        Assert.Null(grandparent.Manifest);
    }

    [Fact]
    public void The_summary_names_the_time_stamping_authority_and_its_time()
    {
        var result = Validator.Value.Validate(File.ReadAllBytes(TestFiles.Fixture("C.jpg")));

        Assert.Equal("DigiCert, Inc.", result.Summary!.TimeStampAuthority);
        Assert.Equal(new DateTimeOffset(2024, 8, 6, 21, 53, 37, TimeSpan.Zero), result.Summary.TimeStampTime);
    }

    [Fact]
    public void A_claim_v1_time_stamp_is_trusted_without_a_tsa_list_as_in_c2pa_rs_0_91()
    {
        // C.jpg is a claim v1. C2PA 1.x had no TSA trust list, so c2pa-rs 0.91.3 (c2pa-wasm) reports a sound token
        // as timeStamp.trusted ("legacy timestamp cert trusted"); c2pa-rs 0.82.1 (c2pa-node) said timeStamp.untrusted.
        var result = Validator.Value.Validate(File.ReadAllBytes(TestFiles.Fixture("C.jpg")));

        Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.TimeStampValidated);
        Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.TimeStampTrusted);
        Assert.DoesNotContain(result.ActiveManifest.Informational, s => s.Code == StatusCodes.TimeStampUntrusted);
        Assert.Equal(new DateTimeOffset(2024, 8, 6, 21, 53, 37, TimeSpan.Zero), result.Summary!.SigningTime);
        Assert.True(result.Summary.SigningTimeAttested);
    }

    [Fact]
    public void A_signature_tampered_after_time_stamping_fails_both_checks()
    {
        var result = Validator.Value.Validate(File.ReadAllBytes(TestFiles.Fixture("E-sig-CA.jpg")));

        Assert.Equal([StatusCodes.ClaimSignatureMismatch], result.FailureCodes);
        Assert.Contains(result.ActiveManifest.Informational, s => s.Code == StatusCodes.TimeStampMismatch);
    }
}
