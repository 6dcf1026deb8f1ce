using System.Formats.Cbor;
using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Manifest structures the spec gives a code for, built with <see cref="ManifestComposer"/>: multiple manifests,
/// update manifests, and each malformation, each with its exact code and no exception.
/// </summary>
public class ValidatorStructureTests : IDisposable
{
    private readonly C2paSigningCredential _credential = C2paTestKit.ExampleCredential();

    public void Dispose() => _credential.Dispose();

    [Fact]
    public void An_update_manifest_over_a_signed_asset_is_active_and_binds_through_its_parent()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"));
        var parent = ManifestStore.Parse(signed.ManifestStore).Active!;
        var update = UpdateManifests.Over(_credential, parent);

        var asset = AssetHandlers.Detect(signed.Bytes).ReplaceManifestStore(signed.Bytes, update.Store(parent.Box));
        var result = C2paTestKit.ExampleValidator().Validate(asset);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Empty(result.ActiveManifest.Failure);
        Assert.Equal(update.Label, result.ActiveManifestLabel);
        Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionDataHashMatch && s.Url!.Contains(parent.Label));
        var delta = Assert.Single(result.IngredientDeltas);
        Assert.Contains(delta.ValidationDeltas.Success, s => s.Code == StatusCodes.IngredientManifestValidated);
    }

    [Fact]
    public void An_update_manifest_over_a_tampered_asset_fails_its_parents_binding()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"));
        var parent = ManifestStore.Parse(signed.ManifestStore).Active!;
        var asset = AssetHandlers.Detect(signed.Bytes).ReplaceManifestStore(signed.Bytes, UpdateManifests.Over(_credential, parent).Store(parent.Box));

        var result = C2paTestKit.ExampleValidator().Validate(Tamper.PixelByte(asset));

        Assert.Equal([StatusCodes.AssertionDataHashMismatch], result.FailureCodes);
    }

    [Fact]
    public void An_update_manifest_may_not_carry_a_hard_binding()
    {
        var parent = SignedParent();
        var update = UpdateManifests.Over(_credential, parent);
        update.Assertions.Add(AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(new ByteRange(0, 0), new byte[32], DataHashAssertion.ReservedLength(32))));

        var result = Detached(update.Store(parent.Box));

        Assert.Equal([StatusCodes.ManifestUpdateInvalid], result.FailureCodes);
    }

    [Fact]
    public void An_update_manifest_needs_exactly_one_parent()
    {
        var parent = SignedParent();
        var update = new ManifestComposer(_credential) { ManifestType = JumbfTypeIds.UpdateManifest };
        update.Assertions.Add(Actions(C2paActions.EditedMetadata));

        var result = Detached(update.Store(parent.Box));

        Assert.Equal([StatusCodes.ManifestUpdateWrongParents], result.FailureCodes);
    }

    [Fact]
    public void An_update_manifest_with_two_parents_is_invalid_as_c2pa_rs_says()
    {
        var parent = SignedParent();
        var update = UpdateManifests.Over(_credential, parent);
        update.Assertions.Add(AssertionPayload.Cbor(C2paLabels.IngredientV3 + "__1", Ingredient("parentOf")));

        var result = Detached(update.Store(parent.Box));

        Assert.Equal([StatusCodes.ManifestUpdateInvalid], result.FailureCodes.Distinct());
    }

    [Fact]
    public void An_update_manifest_may_hold_only_the_update_actions()
    {
        var parent = SignedParent();
        var update = UpdateManifests.Over(_credential, parent);
        update.Assertions.Add(AssertionPayload.Cbor(C2paLabels.ActionsV2 + "__1", ActionsAssertion.Encode([new ActionEntry(C2paActions.Published)])));
        Assert.Empty(Detached(update.Store(parent.Box)).FailureCodes);

        var cropped = UpdateManifests.Over(_credential, parent);
        cropped.Assertions.Add(AssertionPayload.Cbor(C2paLabels.ActionsV2 + "__1", ActionsAssertion.Encode([new ActionEntry("c2pa.cropped")])));
        Assert.Equal([StatusCodes.ManifestUpdateInvalid], Detached(cropped.Store(parent.Box)).FailureCodes);
    }

    [Fact]
    public void A_store_of_several_manifests_is_judged_by_the_last()
    {
        var parent = SignedParent();
        var second = StandardManifest();

        var result = Detached(second.Store(parent.Box));

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Equal(second.Label, result.ActiveManifestLabel);
    }

    [Fact]
    public void A_manifest_with_thousands_of_assertions_is_validated_in_full()
    {
        // Lookups by label and URI are indexed; a quadratic walk here would make this test take minutes.
        var composer = StandardManifest();
        for (var i = 0; i < 5000; i++)
        {
            composer.Assertions.Add(AssertionPayload.Cbor($"org.example.item__{i}", ManifestComposer.Cbor(w => { w.WriteTextString("i"); w.WriteInt32(i); })));
        }

        var result = Detached(composer.Store());

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Equal(5002, result.ActiveManifest.Success.Count(s => s.Code == StatusCodes.AssertionHashedUriMatch));
    }

    [Fact]
    public void Reports_a_missing_claim() => AssertCode(new ManifestComposer(_credential) { ClaimCount = 0 }, StatusCodes.ClaimMissing);

    [Fact]
    public void Reports_two_claims() => AssertCode(WithHardBinding(new ManifestComposer(_credential) { ClaimCount = 2 }), StatusCodes.ClaimMultiple);

    [Fact]
    public void Reports_a_claim_that_is_not_cbor() => AssertCode(new ManifestComposer(_credential) { ClaimOverride = [0xA1, 0x61] }, StatusCodes.ClaimCborInvalid);

    [Fact]
    public void Reports_a_claim_without_required_fields() =>
        AssertCode(new ManifestComposer(_credential) { ClaimOverride = ManifestComposer.Cbor(w => { w.WriteTextString("instanceID"); w.WriteTextString("x"); }) }, StatusCodes.ClaimMalformed);

    [Fact]
    public void Reports_a_signature_reference_that_resolves_nowhere() =>
        AssertCode(WithHardBinding(new ManifestComposer(_credential) { SignatureUrl = "self#jumbf=c2pa.nowhere", Assertions = { Actions(C2paActions.Created) } }), StatusCodes.ClaimSignatureMissing);

    [Fact]
    public void Reports_a_missing_hard_binding()
    {
        var composer = new ManifestComposer(_credential);
        composer.Assertions.Add(Actions(C2paActions.Created));
        AssertCode(composer, StatusCodes.ClaimHardBindingsMissing);
    }

    [Fact]
    public void Reports_two_hard_bindings()
    {
        var composer = WithHardBinding(StandardManifest());
        AssertCode(composer, StatusCodes.AssertionMultipleHardBindings);
    }

    [Fact]
    public void Reports_an_assertion_the_claim_lists_but_the_store_lacks()
    {
        var composer = StandardManifest();
        composer.ExtraReferences.Add((composer.AssertionUrl("c2pa.gone"), new byte[32]));
        AssertCode(composer, StatusCodes.AssertionMissing);
    }

    [Fact]
    public void Reports_an_assertion_the_store_has_but_the_claim_does_not_list()
    {
        var composer = StandardManifest();
        composer.Undeclared.Add(AssertionPayload.Cbor("org.example.extra", ManifestComposer.Cbor(_ => { })));
        AssertCode(composer, StatusCodes.AssertionUndeclared);
    }

    [Fact]
    public void Reports_an_assertion_that_is_not_cbor()
    {
        var composer = StandardManifest();
        composer.Assertions.Add(AssertionPayload.Cbor("org.example.broken", [0xFF, 0x00]));
        AssertCode(composer, StatusCodes.AssertionCborInvalid);
    }

    [Fact]
    public void Reports_an_assertion_that_is_not_json()
    {
        var composer = StandardManifest();
        composer.Assertions.Add(AssertionPayload.Json("org.example.broken", "{\"a\":"u8.ToArray()));
        AssertCode(composer, StatusCodes.AssertionJsonInvalid);
    }

    [Fact]
    public void Reports_hashes_without_an_algorithm_as_unsupported()
    {
        var composer = new ManifestComposer(_credential) { HashAlgorithm = null };
        composer.Assertions.Add(Actions(C2paActions.Created));
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(new ByteRange(0, 0), new byte[32], DataHashAssertion.ReservedLength(32))));
        var result = Detached(composer.Store());

        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal([StatusCodes.AlgorithmUnsupported], result.FailureCodes.Distinct());
    }

    [Fact]
    public void Reports_a_created_action_that_is_not_first()
    {
        var composer = new ManifestComposer(_credential);
        composer.Assertions.Add(Actions(C2paActions.EditedMetadata, C2paActions.Created));
        AssertCode(WithHardBinding(composer), StatusCodes.ActionMalformed);
    }

    [Fact]
    public void Reports_a_watermarked_action_without_a_soft_binding()
    {
        var composer = new ManifestComposer(_credential);
        composer.Assertions.Add(Actions(C2paActions.Created, C2paActions.Watermarked));
        AssertCode(WithHardBinding(composer), StatusCodes.ActionSoftBindingMissing);
    }

    [Fact]
    public void Reports_two_parent_ingredients()
    {
        var composer = StandardManifest();
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.IngredientV3, Ingredient("parentOf")));
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.IngredientV3 + "__1", Ingredient("parentOf")));
        AssertCode(composer, StatusCodes.ManifestMultipleParents);
    }

    [Fact]
    public void Reports_an_ingredient_without_a_known_relationship()
    {
        var composer = StandardManifest();
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.IngredientV3, Ingredient("siblingOf")));
        AssertCode(composer, StatusCodes.AssertionIngredientMalformed);
    }

    [Fact]
    public void Reports_a_store_that_is_not_jumbf_as_a_general_error()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));
        var store = (byte[])signed.ManifestStore.Clone();
        store[40] = 0xFF; // the manifest superbox's length field: now longer than the store
        store[41] = 0xFF;

        var result = C2paTestKit.ExampleValidator().ValidateManifestStore(store);

        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal([StatusCodes.GeneralError], result.FailureCodes);
    }

    [Fact]
    public void Validates_a_kept_store_without_its_asset()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));

        var result = C2paTestKit.ExampleValidator().ValidateManifestStore(signed.ManifestStore);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.DoesNotContain(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionDataHashMatch);
        Assert.Equal("0123456789abcdef", result.Summary!.SoftBindingValueHex);
    }

    [Fact]
    public void An_asset_without_a_store_has_no_manifest_and_no_state()
    {
        var result = C2paTestKit.ExampleValidator().Validate(C2paTestKit.Photo("home.jpg"));

        Assert.False(result.HasManifest);
        Assert.Null(result.State);
        Assert.Empty(result.FailureCodes);
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_refused_with_a_typed_error()
    {
        var error = Assert.Throws<InvalidMediaException>(() => C2paTestKit.ExampleValidator().Validate("GIF89a..."u8));
        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
    }

    [Fact]
    public void Reports_a_remote_manifest_reference_without_fetching_it()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("cloud.jpg"));

        var result = C2paTestKit.ExampleValidator().Validate(bytes);

        Assert.Equal("https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391", result.RemoteManifestUrl);
        Assert.Equal([StatusCodes.ManifestInaccessible], result.FailureCodes);
    }

    private ManifestBox SignedParent() => ManifestStore.Parse(C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg")).ManifestStore).Active!;

    private ManifestComposer StandardManifest()
    {
        var composer = new ManifestComposer(_credential);
        composer.Assertions.Add(Actions(C2paActions.Created));
        return WithHardBinding(composer);
    }

    private static ManifestComposer WithHardBinding(ManifestComposer composer)
    {
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.DataHash + (composer.Assertions.Any(a => a.Label == C2paLabels.DataHash) ? "__1" : ""),
            DataHashAssertion.Encode(new ByteRange(0, 0), new byte[32], DataHashAssertion.ReservedLength(32))));
        return composer;
    }

    private static AssertionPayload Actions(params string[] actions) =>
        AssertionPayload.Cbor(C2paLabels.ActionsV2, ActionsAssertion.Encode(actions.Select(a => new ActionEntry(a,
            DigitalSourceType: a == C2paActions.Created ? C2paActions.TrainedAlgorithmicMedia : null)).ToList()));

    private static byte[] Ingredient(string relationship) => ManifestComposer.Cbor(w =>
    {
        w.WriteTextString("dc:title");
        w.WriteTextString("an ingredient");
        w.WriteTextString("relationship");
        w.WriteTextString(relationship);
    });

    private C2paValidationResult Detached(byte[] store) => C2paTestKit.ExampleValidator().ValidateManifestStore(store);

    private void AssertCode(ManifestComposer composer, string code)
    {
        var result = Detached(composer.Store());

        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal([code], result.FailureCodes);
    }
}
