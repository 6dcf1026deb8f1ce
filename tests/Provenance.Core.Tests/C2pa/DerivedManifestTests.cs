using System.Security.Cryptography;
using System.Text.Json;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cbor;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;
using Provenance.Core.Labeling;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// A platform's copy of a signed file, with its propagator fields written into the XMP label and a derived manifest
/// signed over it (C2paManifestSigner.SignDerived), as our validator judges it. The reference validators' verdicts on
/// the same kind of files are in Interop/ReferenceValidatorInteropTests.
/// </summary>
public class DerivedManifestTests
{
    /// <summary>A JPEG and a PNG from the corpus as they are, and a WebP made from a corpus photo by cwebp.</summary>
    public static TheoryData<string> Formats() => ["jpeg", "png", "webp"];

    private static readonly Dictionary<string, Lazy<C2paSignedAsset>> Originals = new()
    {
        ["jpeg"] = new(() => C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"))),
        ["png"] = new(() => C2paTestKit.SignWithExample(C2paTestKit.Photo("chicky_512.png"))),
        ["webp"] = new(() => C2paTestKit.SignWithExample(File.ReadAllBytes(ToolSamples.Instance.CwebpLossy("butterfly.jpg", 80)))),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_derived_copy_is_trusted_says_the_new_label_and_reports_its_parent_as_a_clean_delta(string format)
    {
        var original = Originals[format].Value;
        var label = DerivedCopies.Propagated("PLATFORM-042", "P-0001");

        var derived = DerivedCopies.Derive(original.Bytes, "PLATFORM-042", "P-0001");
        var result = C2paTestKit.ExampleValidator().Validate(derived.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Empty(result.ActiveManifest.Failure);
        Assert.Equal(derived.ManifestLabel, result.ActiveManifestLabel);
        var summary = result.Summary!;
        Assert.Equal(label.ToJson(), summary.AigcLabelJson);
        Assert.Equal("Example Platform", summary.ClaimGenerator);
        Assert.Equal([C2paActions.Opened, C2paActions.EditedMetadata], summary.Actions.Select(a => a.Action));
        Assert.Equal(original.ManifestLabel, summary.Parent!.Label);
        Assert.Equal(C2paTestKit.AigcJson, summary.Parent.AigcLabelJson);
        Assert.Equal(C2paActions.TrainedAlgorithmicMedia, summary.Parent.DigitalSourceType);
        Assert.Equal("0123456789abcdef", summary.Parent.SoftBindingValueHex);

        // The parent's manifest matches its recorded hash and yields nothing its record does not already say.
        var delta = Assert.Single(result.IngredientDeltas);
        Assert.Equal($"self#jumbf=/c2pa/{derived.ManifestLabel}/c2pa.assertions/c2pa.ingredient.v3", delta.IngredientAssertionUri);
        var validated = Assert.Single(delta.ValidationDeltas.Success);
        Assert.Equal(StatusCodes.IngredientManifestValidated, validated.Code);
        Assert.Equal($"self#jumbf=/c2pa/{original.ManifestLabel}", validated.Url);
        Assert.Empty(delta.ValidationDeltas.Informational);
        Assert.Empty(delta.ValidationDeltas.Failure);

        // What a plain metadata reader sees is the same label.
        var (xmpLabel, _) = AigcMetadata.Read(AssetHandlers.Detect(derived.Bytes).ReadXmp(derived.Bytes));
        Assert.Equal(label, xmpLabel);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_previous_manifest_is_kept_byte_for_byte_and_the_new_one_is_appended_as_active(string format)
    {
        var original = Originals[format].Value;

        var derived = DerivedCopies.Derive(original.Bytes);

        var store = ManifestStore.Parse(derived.ManifestStore);
        Assert.Equal([original.ManifestLabel, derived.ManifestLabel], store.Manifests.Select(m => m.Label));
        var kept = ManifestStore.Parse(original.ManifestStore).Active!;
        Assert.True(store.Manifests[0].Box.Whole.Span.SequenceEqual(kept.Box.Whole.Span));
        Assert.Equal(derived.ManifestStore, AssetHandlers.Detect(derived.Bytes).ReadManifestStore(derived.Bytes));
        Assert.Equal([C2paTestKit.StoreRange(derived.Bytes)], C2paHashData.Exclusions(derived.ManifestStore));
    }

    [Fact]
    public void The_ingredient_names_the_parent_by_hash_and_records_its_validation_without_a_binding()
    {
        var original = Originals["jpeg"].Value;
        var parent = ManifestStore.Parse(original.ManifestStore).Active!;

        var derived = DerivedCopies.Derive(original.Bytes);

        var active = ManifestStore.Parse(derived.ManifestStore).Active!;
        var ingredient = CborTreeReader.Read(active.FindAssertion(C2paLabels.IngredientV3)!.Children.Single(c => c.Type == BoxType.Cbor).Payload);
        Assert.Equal("parentOf", ingredient.GetText("relationship"));
        Assert.Equal("image/jpeg", ingredient.GetText("dc:format"));
        Assert.Equal("test asset", ingredient.GetText("dc:title"));
        var manifest = HashedUri.From(ingredient["activeManifest"])!;
        Assert.Equal($"self#jumbf=/c2pa/{parent.Label}", manifest.Url);
        Assert.Equal(SHA256.HashData(parent.Box.Payload.Span), manifest.Hash!.Value.ToArray());
        var signature = HashedUri.From(ingredient["claimSignature"])!;
        Assert.Equal($"self#jumbf=/c2pa/{parent.Label}/c2pa.signature", signature.Url);
        Assert.Equal(SHA256.HashData(parent.SignatureBox!.Payload.Span), signature.Hash!.Value.ToArray());
        var recorded = ingredient["validationResults"]!["activeManifest"]!;
        var successes = recorded["success"]!.Items.Select(s => s.GetText("code")).ToList();
        Assert.Contains(StatusCodes.SigningCredentialTrusted, successes);
        Assert.Contains(StatusCodes.ClaimSignatureValidated, successes);
        Assert.DoesNotContain(StatusCodes.AssertionDataHashMatch, successes); // the changed bytes cannot be checked against it
        Assert.Empty(recorded["failure"]!.Items);

        using var json = JsonDocument.Parse(derived.ManifestJson);
        var actions = json.RootElement.GetProperty("assertions").EnumerateArray()
            .Single(a => a.GetProperty("label").GetString() == C2paLabels.ActionsV2).GetProperty("data").GetProperty("actions");
        Assert.Equal($"self#jumbf=c2pa.assertions/{C2paLabels.IngredientV3}",
            actions[0].GetProperty("parameters").GetProperty("ingredients")[0].GetProperty("url").GetString());
        Assert.Equal("ContentPropagator and PropagateID written into the AIGC implicit label", actions[1].GetProperty("description").GetString());
    }

    [Fact]
    public void The_parents_data_hash_is_not_checked_against_the_changed_bytes()
    {
        var original = Originals["jpeg"].Value;
        var parent = ManifestStore.Parse(original.ManifestStore).Active!;
        var parentHash = DataHashAssertion.Decode(CborTreeReader.Read(parent.FindAssertion(C2paLabels.DataHash)!.Children.Single(c => c.Type == BoxType.Cbor).Payload))!;

        var derived = DerivedCopies.Derive(original.Bytes);
        var result = C2paTestKit.ExampleValidator().Validate(derived.Bytes);

        // Against the new bytes the parent's binding fails, even with the current store's range as its exclusion...
        var rehashed = DataHashValidator.Hash(derived.Bytes, [C2paTestKit.StoreRange(derived.Bytes)], HashAlgorithmName.SHA256);
        Assert.False(rehashed.AsSpan().SequenceEqual(parentHash.Hash!));
        // ...and only the active manifest's binding is checked (c2pa-rs: Claim::verify_hash_binding runs only for the
        // claim that binds the asset; spec 15.12 validates the active manifest's content binding).
        var dataHashStatuses = result.ActiveManifest.Success.Concat(result.ActiveManifest.Failure)
            .Concat(result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Success.Concat(d.ValidationDeltas.Failure)))
            .Where(s => s.Code.StartsWith("assertion.dataHash", StringComparison.Ordinal)).ToList();
        var match = Assert.Single(dataHashStatuses);
        Assert.Equal(StatusCodes.AssertionDataHashMatch, match.Code);
        Assert.Equal($"self#jumbf=/c2pa/{derived.ManifestLabel}/c2pa.assertions/c2pa.hash.data", match.Url);
    }

    [Fact]
    public void A_copy_propagated_by_two_platforms_chains_three_manifests_and_stays_trusted()
    {
        var original = Originals["png"].Value;
        var first = DerivedCopies.Derive(original.Bytes, "PLATFORM-042", "P-0001");

        var second = DerivedCopies.Derive(first.Bytes, "PLATFORM-777", "Q-0002");
        var result = C2paTestKit.ExampleValidator().Validate(second.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Empty(result.ActiveManifest.Failure);
        Assert.Equal([original.ManifestLabel, first.ManifestLabel, second.ManifestLabel],
            ManifestStore.Parse(second.ManifestStore).Manifests.Select(m => m.Label));
        Assert.Equal(DerivedCopies.Propagated("PLATFORM-777", "Q-0002").ToJson(), result.Summary!.AigcLabelJson);
        Assert.Equal(first.ManifestLabel, result.Summary.Parent!.Label);
        Assert.Equal(original.ManifestLabel, result.Summary.Parent.Parent!.Label);
        // The grandparent's ingredient.manifest.validated is in the first copy's record, so only the parent's is new.
        var delta = Assert.Single(result.IngredientDeltas);
        Assert.Equal([StatusCodes.IngredientManifestValidated], delta.ValidationDeltas.Success.Select(s => s.Code));
        Assert.Empty(delta.ValidationDeltas.Failure);
    }

    public static TheoryData<string, string> Tamperings()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "jpeg", "png", "webp" })
        {
            foreach (var tampering in DerivedTamper.All.Keys)
            {
                data.Add(format, tampering);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Tampering_with_a_derived_copy_gets_the_exact_codes(string format, string tampering)
    {
        var derived = DerivedCopies.Derive(Originals[format].Value.Bytes, "PLATFORM-042", "P-0001");

        var result = C2paTestKit.ExampleValidator().Validate(DerivedTamper.All[tampering](derived.Bytes, "P-0001"));

        var (failures, deltaFailures) = ExpectedCodes(tampering);
        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal(failures, result.FailureCodes);
        Assert.Equal(deltaFailures, result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure).Select(s => s.Code));
    }

    /// <summary>What each tampering must yield: the active manifest's failures and the parent ingredient's delta failures.</summary>
    internal static (string[] Active, string[] Delta) ExpectedCodes(string tampering) => tampering switch
    {
        // The XMP label is covered by the new manifest's data hash only.
        "pixel" or "xmp label" => ([StatusCodes.AssertionDataHashMismatch], []),
        "active assertion" => ([StatusCodes.AssertionHashedUriMismatch], []),
        "active claim" or "active signature" => ([StatusCodes.ClaimSignatureMismatch], []),
        // The parent no longer matches the hash its ingredient recorded, and its own check names what broke.
        "parent assertion" => ([], [StatusCodes.IngredientManifestMismatch, StatusCodes.AssertionHashedUriMismatch]),
        "parent signature" => ([], [StatusCodes.IngredientManifestMismatch, StatusCodes.ClaimSignatureMismatch]),
        _ => throw new ArgumentOutOfRangeException(nameof(tampering), tampering, null),
    };

    [Fact]
    public void A_parent_signer_no_longer_trusted_makes_the_copy_valid_not_trusted()
    {
        var now = DateTimeOffset.UtcNow;
        var (root, generator) = C2paTestKit.MakeChain("Unlisted Lab", now.AddDays(-1), now.AddYears(1));
        using (generator)
        using (var platform = C2paTestKit.ExampleCredential())
        {
            // Trusted when the platform derived its copy; the verifier's trust list does not hold that root.
            var signed = new C2paManifestSigner(generator).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request()).Bytes;
            var derived = DerivedCopies.Signer(platform, new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = C2paTestKit.TrustAnchorsPem + "\n" + root }))
                .SignDerived(DerivedCopies.WithLabel(signed, DerivedCopies.Propagated("PLATFORM-042", "P-0001")), DerivedCopies.Request(DerivedCopies.Propagated("PLATFORM-042", "P-0001")));

            var result = C2paTestKit.ExampleValidator().Validate(derived.Bytes);

            Assert.Equal(ValidationState.Valid, result.State);
            Assert.Empty(result.ActiveManifest.Failure);
            Assert.Equal([StatusCodes.SigningCredentialUntrusted], result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure).Select(s => s.Code));
        }
    }

    [Fact]
    public void A_copy_derived_from_an_original_with_altered_pixels_is_trusted_so_callers_must_verify_first()
    {
        // The parent's binding is over bytes the copy no longer has, so neither SignDerived nor any validator can
        // check it afterwards: the caller derives only from an upload it has verified (the reference validators
        // agree, see the interop tests).
        var tampered = Tamper.PixelByte(Originals["jpeg"].Value.Bytes);
        Assert.Equal(ValidationState.Invalid, C2paTestKit.ExampleValidator().Validate(tampered).State);

        var derived = DerivedCopies.Derive(tampered);

        Assert.Equal(ValidationState.Trusted, C2paTestKit.ExampleValidator().Validate(derived.Bytes).State);
    }

    [Fact]
    public void A_requested_manifest_label_is_used()
    {
        var label = "urn:c2pa:" + Guid.NewGuid().ToString("D");
        var json = DerivedCopies.Propagated("PLATFORM-042", "P-0001");
        using var credential = C2paTestKit.ExampleCredential();

        var derived = DerivedCopies.Signer(credential).SignDerived(DerivedCopies.WithLabel(Originals["jpeg"].Value.Bytes, json),
            DerivedCopies.Request(json) with { ManifestLabel = label });

        Assert.Equal(label, derived.ManifestLabel);
        Assert.Equal(label, C2paTestKit.ExampleValidator().Validate(derived.Bytes).ActiveManifestLabel);
    }

    [Fact]
    public void Refuses_an_asset_with_nothing_to_derive_from()
    {
        var label = DerivedCopies.Propagated("PLATFORM-042", "P-0001");
        using var credential = C2paTestKit.ExampleCredential();
        var signer = DerivedCopies.Signer(credential);

        var unsigned = DerivedCopies.WithLabel(C2paTestKit.Photo("fruits.jpg"), label);
        var error = Assert.Throws<ArgumentException>(() => signer.SignDerived(unsigned, DerivedCopies.Request(label)));
        Assert.StartsWith("nothing to derive from: the asset holds no C2PA manifest store", error.Message);

        // A store whose only manifest has no claim: nothing a validator could read as a parent.
        var signed = Originals["jpeg"].Value;
        var claimless = new ManifestComposer(credential) { ClaimCount = 0 };
        claimless.Assertions.Add(AssertionPayload.Json(AigcLabelAssertion.Label, AigcLabelAssertion.Encode(C2paTestKit.AigcJson)));
        var broken = DerivedCopies.WithLabel(AssetHandlers.Detect(signed.Bytes).ReplaceManifestStore(signed.Bytes, claimless.Store()), label);
        error = Assert.Throws<ArgumentException>(() => signer.SignDerived(broken, DerivedCopies.Request(label)));
        Assert.StartsWith("nothing to derive from: the active manifest has 0 claim boxes", error.Message);
    }

    [Fact]
    public void Refuses_requests_that_would_make_the_signed_label_and_the_xmp_label_disagree_or_clash()
    {
        var signed = Originals["jpeg"].Value.Bytes;
        var label = DerivedCopies.Propagated("PLATFORM-042", "P-0001");
        var withLabel = DerivedCopies.WithLabel(signed, label);
        using var credential = C2paTestKit.ExampleCredential();
        var signer = DerivedCopies.Signer(credential);

        Assert.Contains("holds no TC260:AIGC label", Assert.Throws<ArgumentException>(() => signer.SignDerived(signed, DerivedCopies.Request(label))).Message);
        Assert.Contains("is not the request's label", Assert.Throws<ArgumentException>(() =>
            signer.SignDerived(withLabel, DerivedCopies.Request(DerivedCopies.Propagated("PLATFORM-042", "P-0002")))).Message);
        Assert.Throws<ArgumentException>(() => signer.SignDerived(withLabel, DerivedCopies.Request(label) with { AigcLabelJson = "{\"Label\":\"1\"}" }));
        Assert.Throws<ArgumentException>(() => signer.SignDerived(withLabel, DerivedCopies.Request(label) with { ManifestLabel = "urn:c2pa:not-a-uuid" }));
        Assert.Contains("already holds", Assert.Throws<ArgumentException>(() =>
            signer.SignDerived(withLabel, DerivedCopies.Request(label) with { ManifestLabel = Originals["jpeg"].Value.ManifestLabel })).Message);
        Assert.Throws<ArgumentException>(() => signer.SignDerived(withLabel, DerivedCopies.Request(label, new ContentGenerator(" ", "Org", "CODE"))));
        Assert.Throws<InvalidMediaException>(() => signer.SignDerived("not an image"u8.ToArray(), DerivedCopies.Request(label)));
    }

    [Fact]
    public void A_signer_built_without_a_parent_validator_cannot_sign_derived_manifests()
    {
        var label = DerivedCopies.Propagated("PLATFORM-042", "P-0001");
        using var credential = C2paTestKit.ExampleCredential();

        Assert.Throws<InvalidOperationException>(() => new C2paManifestSigner(credential)
            .SignDerived(DerivedCopies.WithLabel(Originals["jpeg"].Value.Bytes, label), DerivedCopies.Request(label)));
    }
}
