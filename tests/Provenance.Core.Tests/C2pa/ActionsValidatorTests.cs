using System.Formats.Cbor;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Each actions rule of <see cref="ActionsValidator"/> on a manifest built to break it (the code must appear) and on
/// its nearest valid twin (it must not): the v2 rules, their absence for claims v1, and the places where c2pa-rs's
/// reading is followed.
/// </summary>
public class ActionsValidatorTests : IDisposable
{
    private const string Capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";
    private readonly C2paSigningCredential _credential = C2paTestKit.ExampleCredential();

    public void Dispose() => _credential.Dispose();

    [Fact]
    public void A_claim_v1_opened_action_naming_no_ingredient_is_accepted()
    {
        var composer = Compose(C2paLabels.ClaimV1, Actions(C2paLabels.Actions, ("c2pa.opened", null)), Ingredient("parentOf"));
        Assert.Empty(Failures(composer));
    }

    [Fact]
    public void The_reference_rules_follow_the_claim_version_not_the_actions_label()
    {
        // video1.mp4 of the c2pa fixtures: actions v1 in a claim v1 is accepted above; the same actions v1 assertion
        // in a claim v2 is held to the v2 rules, as c2pa-rs keys them on claim.version() only.
        var composer = Compose(C2paLabels.ClaimV2, Actions(C2paLabels.Actions, ("c2pa.opened", null)), Ingredient("parentOf"));
        Assert.Equal([StatusCodes.ActionIngredientMismatch], Failures(composer));
    }

    [Fact]
    public void A_claim_v1_holds_at_most_one_actions_assertion()
    {
        var composer = Compose(C2paLabels.ClaimV1, Actions(C2paLabels.Actions, Created()), Actions(C2paLabels.Actions + "__1", ("c2pa.edited", null)));
        Assert.Equal([StatusCodes.ActionMalformed], Failures(composer));
    }

    [Fact]
    public void A_claim_v2_standard_manifest_needs_an_actions_assertion()
    {
        Assert.Equal([StatusCodes.ActionMalformed], Failures(Compose(C2paLabels.ClaimV2)));
        Assert.Empty(Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created()))));
    }

    [Fact]
    public void An_actions_assertion_with_an_empty_array_is_malformed()
    {
        Assert.Equal([StatusCodes.ActionMalformed], Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2))));
    }

    [Fact]
    public void Created_needs_a_digital_source_type()
    {
        Assert.Equal([StatusCodes.ActionMalformed], Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, ("c2pa.created", null)))));
    }

    [Fact]
    public void Created_or_opened_only_in_the_first_actions_assertion()
    {
        var second = Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created()), Actions(C2paLabels.ActionsV2 + "__1", Created()));
        Assert.Contains(StatusCodes.ActionMalformed, Failures(second));
        // Later in the first assertion is accepted, as c2pa-rs does (its test is on the assertion, not the action's place).
        var later = Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created(), ("c2pa.edited", null), Created()));
        Assert.Empty(Failures(later));
    }

    [Fact]
    public void The_first_actions_assertion_starts_with_created_or_opened()
    {
        Assert.Equal([StatusCodes.ActionMalformed], Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, ("c2pa.edited", null)))));
    }

    [Fact]
    public void Opened_names_a_parent_of_ingredient_of_its_claim()
    {
        var composer = new ManifestComposer(_credential);
        var parent = Ingredient("parentOf");
        composer.Assertions.Add(parent);
        composer.Assertions.Add(Actions(C2paLabels.ActionsV2, Opened(composer.AssertionUrl(parent.Label), composer.HashOf(parent))));
        Assert.Empty(Failures(WithHardBinding(composer)));

        var component = new ManifestComposer(_credential);
        var part = Ingredient("componentOf");
        component.Assertions.Add(part);
        component.Assertions.Add(Actions(C2paLabels.ActionsV2, Opened(component.AssertionUrl(part.Label), component.HashOf(part))));
        Assert.Equal([StatusCodes.ActionIngredientMismatch], Failures(WithHardBinding(component)));

        Assert.Equal([StatusCodes.ActionIngredientMismatch],
            Failures(Compose(C2paLabels.ClaimV2, Ingredient("parentOf"), Actions(C2paLabels.ActionsV2, ("c2pa.opened", null)))));
    }

    [Fact]
    public void The_ingredient_reference_of_an_action_is_matched_by_label_not_by_hash()
    {
        // c2pa-rs checks these references for presence only; a stale hash is not ingredientMismatch.
        var composer = new ManifestComposer(_credential);
        var parent = Ingredient("parentOf");
        composer.Assertions.Add(parent);
        composer.Assertions.Add(Actions(C2paLabels.ActionsV2, Opened(composer.AssertionUrl(parent.Label), new byte[32])));
        Assert.Empty(Failures(WithHardBinding(composer)));
    }

    [Fact]
    public void Placed_names_a_component_of_ingredient()
    {
        var composer = new ManifestComposer(_credential);
        var part = Ingredient("componentOf");
        composer.Assertions.Add(part);
        composer.Assertions.Add(Actions(C2paLabels.ActionsV2, Created(), Placed(composer.AssertionUrl(part.Label))));
        Assert.Empty(Failures(WithHardBinding(composer)));

        var wrong = new ManifestComposer(_credential);
        var parent = Ingredient("parentOf");
        wrong.Assertions.Add(parent);
        wrong.Assertions.Add(Actions(C2paLabels.ActionsV2, Created(), Placed(wrong.AssertionUrl(parent.Label))));
        Assert.Equal([StatusCodes.ActionIngredientMismatch], Failures(WithHardBinding(wrong)));
    }

    [Fact]
    public void Transcoded_is_checked_only_when_it_names_an_ingredient()
    {
        Assert.Empty(Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created(), ("c2pa.transcoded", null)))));

        var composer = new ManifestComposer(_credential);
        var part = Ingredient("componentOf");
        composer.Assertions.Add(part);
        composer.Assertions.Add(Actions(C2paLabels.ActionsV2, Created(), ("c2pa.transcoded", w =>
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("ingredient");
            ManifestComposer.HashedUri(w, composer.AssertionUrl(part.Label), new byte[32]);
            w.WriteEndMap();
        })));
        Assert.Equal([StatusCodes.ActionIngredientMismatch], Failures(WithHardBinding(composer)));
    }

    [Fact]
    public void Translated_needs_both_languages()
    {
        Assert.Equal([StatusCodes.ActionMalformed], Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created(), ("c2pa.translated", null)))));
        Assert.Empty(Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created(), ("c2pa.translated", w =>
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(2);
            w.WriteTextString("sourceLanguage");
            w.WriteTextString("en");
            w.WriteTextString("targetLanguage");
            w.WriteTextString("zh-Hans");
            w.WriteEndMap();
        })))));
    }

    [Fact]
    public void Redacted_names_an_assertion_of_a_manifest_in_the_store()
    {
        var redacted = ("c2pa.redacted", (Action<CborWriter>?)(w =>
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("redacted");
            w.WriteTextString("self#jumbf=/c2pa/urn:c2pa:not-in-this-store/c2pa.assertions/stds.schema-org.CreativeWork");
            w.WriteEndMap();
        }));
        Assert.Equal([StatusCodes.ActionRedactionMismatch], Failures(Compose(C2paLabels.ClaimV2, Actions(C2paLabels.ActionsV2, Created(), redacted))));
    }

    [Fact]
    public void An_update_manifest_needs_no_created_or_opened_and_may_gather_everything()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"));
        var parent = ManifestStore.Parse(signed.ManifestStore).Active!;
        var update = UpdateManifests.Over(_credential, parent);
        // Everything gathered, created_assertions empty, as c2pa-rs writes update manifests; the action is one an update may hold.
        update.Gathered.AddRange(update.Assertions.Where(a => C2paLabels.IsIngredient(a.Label)));
        update.Assertions.Clear();
        update.Gathered.Add(Actions(C2paLabels.ActionsV2, ("c2pa.edited.metadata", null)));

        var asset = AssetHandlers.Detect(signed.Bytes).ReplaceManifestStore(signed.Bytes, update.Store(parent.Box));
        var result = C2paTestKit.ExampleValidator().Validate(asset);

        Assert.Empty(result.FailureCodes);
        Assert.Equal(ValidationState.Trusted, result.State);
    }

    [Fact]
    public void Only_the_manifest_that_binds_the_asset_needs_a_hard_binding()
    {
        // The ingredient's manifest has no hard binding; it is not the one binding this store's asset.
        var unbound = new ManifestComposer(_credential);
        unbound.Assertions.Add(Actions(C2paLabels.ActionsV2, Created()));
        var unboundBox = ManifestStore.Parse(unbound.Store()).Active!;
        var composer = new ManifestComposer(_credential);
        var parent = AssertionPayload.Cbor(C2paLabels.IngredientV3, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("dc:title");
            w.WriteTextString("unbound");
            w.WriteTextString("relationship");
            w.WriteTextString("parentOf");
            w.WriteTextString("activeManifest");
            ManifestComposer.HashedUri(w, $"self#jumbf=/c2pa/{unboundBox.Label}", System.Security.Cryptography.SHA256.HashData(unboundBox.Box.Payload.Span));
        }));
        composer.Assertions.Add(parent);
        composer.Assertions.Add(Actions(C2paLabels.ActionsV2, Opened(composer.AssertionUrl(parent.Label), composer.HashOf(parent))));

        var result = C2paTestKit.ExampleValidator().ValidateManifestStore(WithHardBinding(composer).Store(unboundBox.Box));

        Assert.DoesNotContain(StatusCodes.ClaimHardBindingsMissing, result.FailureCodes);
        Assert.DoesNotContain(result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure), s => s.Code == StatusCodes.ClaimHardBindingsMissing);
        // The same manifest as the active one does need it.
        Assert.Contains(StatusCodes.ClaimHardBindingsMissing, C2paTestKit.ExampleValidator().ValidateManifestStore(unbound.Store()).FailureCodes);
    }

    private ManifestComposer Compose(string claimLabel, params AssertionPayload[] assertions)
    {
        var composer = new ManifestComposer(_credential) { ClaimLabel = claimLabel };
        composer.Assertions.AddRange(assertions);
        return WithHardBinding(composer);
    }

    private static ManifestComposer WithHardBinding(ManifestComposer composer)
    {
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(new ByteRange(0, 0), new byte[32], DataHashAssertion.ReservedLength(32))));
        return composer;
    }

    private static List<string> Failures(ManifestComposer composer) =>
        C2paTestKit.ExampleValidator().ValidateManifestStore(composer.Store()).FailureCodes.Distinct().ToList();

    private static (string, Action<CborWriter>?) Created() => ("c2pa.created", w =>
    {
        w.WriteTextString("digitalSourceType");
        w.WriteTextString(Capture);
    });

    private static (string, Action<CborWriter>?) Opened(string url, byte[] hash) => ("c2pa.opened", w =>
    {
        w.WriteTextString("parameters");
        w.WriteStartMap(1);
        w.WriteTextString("ingredients");
        w.WriteStartArray(1);
        ManifestComposer.HashedUri(w, url, hash);
        w.WriteEndArray();
        w.WriteEndMap();
    });

    private static (string, Action<CborWriter>?) Placed(string url) => ("c2pa.placed", w =>
    {
        w.WriteTextString("parameters");
        w.WriteStartMap(1);
        w.WriteTextString("ingredient");
        ManifestComposer.HashedUri(w, url, new byte[32]);
        w.WriteEndMap();
    });

    private static AssertionPayload Actions(string label, params (string Name, Action<CborWriter>? Extra)[] actions) =>
        AssertionPayload.Cbor(label, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("actions");
            w.WriteStartArray(actions.Length);
            foreach (var (name, extra) in actions)
            {
                w.WriteStartMap(null);
                w.WriteTextString("action");
                w.WriteTextString(name);
                extra?.Invoke(w);
                w.WriteEndMap();
            }
            w.WriteEndArray();
        }));

    private static AssertionPayload Ingredient(string relationship) => AssertionPayload.Cbor(C2paLabels.IngredientV3, ManifestComposer.Cbor(w =>
    {
        w.WriteTextString("dc:title");
        w.WriteTextString("an ingredient");
        w.WriteTextString("relationship");
        w.WriteTextString(relationship);
    }));
}
