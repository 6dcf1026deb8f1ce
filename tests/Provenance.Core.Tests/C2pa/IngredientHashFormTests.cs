using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// The forms an ingredient's reference to its manifest takes: v1/v2 <c>c2pa_manifest</c> and v3 <c>activeManifest</c>
/// over the manifest box, and the pre-1.3 hash over the ingredient's claim, which c2pa-rs accepts without a status.
/// </summary>
public class IngredientHashFormTests : IDisposable
{
    private readonly C2paSigningCredential _credential = C2paTestKit.ExampleCredential();

    public void Dispose() => _credential.Dispose();

    [Theory]
    [InlineData(C2paLabels.Ingredient, "c2pa_manifest")]
    [InlineData(C2paLabels.IngredientV2, "c2pa_manifest")]
    [InlineData(C2paLabels.IngredientV3, "activeManifest")]
    public void The_manifest_box_hash_is_validated_in_each_ingredient_version(string label, string field)
    {
        var parent = ParentManifest();
        var deltas = Deltas(parent, label, field, SHA256.HashData(parent.Box.Payload.Span));

        Assert.Contains(deltas, s => s.Code == StatusCodes.IngredientManifestValidated);
        Assert.DoesNotContain(deltas, s => s.Code == StatusCodes.IngredientManifestMismatch);
    }

    [Fact]
    public void A_legacy_hash_over_the_ingredient_claim_is_accepted_without_a_status()
    {
        var parent = ParentManifest();
        var claimCbor = parent.ClaimBoxes[0].Children.First(c => !c.IsSuperbox).Payload.Span;
        var deltas = Deltas(parent, C2paLabels.Ingredient, "c2pa_manifest", SHA256.HashData(claimCbor));

        Assert.DoesNotContain(deltas, s => s.Code is StatusCodes.IngredientManifestMismatch or StatusCodes.IngredientManifestValidated);
    }

    /// <summary>
    /// c2pa-rs finds an ingredient's manifest by the label in its reference, whatever box the rest names (its update
    /// manifest fixture points at the parent's claim box), and reads a path that starts "c2pa/" without the slash as
    /// starting at the store (a DASH init segment among its fixtures writes every reference so).
    /// </summary>
    [Theory]
    [InlineData("self#jumbf=/c2pa/{0}/{1}")]
    [InlineData("self#jumbf=c2pa/{0}")]
    public void A_reference_is_resolved_by_its_manifest_label(string form)
    {
        var parent = ParentManifest();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, parent.Label, parent.ClaimBoxes[0].Label);
        var deltas = Deltas(parent, C2paLabels.IngredientV2, "c2pa_manifest", SHA256.HashData(parent.Box.Payload.Span), url);

        Assert.Contains(deltas, s => s.Code == StatusCodes.IngredientManifestValidated);
    }

    /// <summary>
    /// A reference to a manifest the store does not hold fails on the manifest that lists the ingredient, as both
    /// c2pa-rs builds report it (the C2PA public test file adobe-20220124-E-clm-CAICAI.jpg), not in a delta.
    /// </summary>
    [Fact]
    public void A_reference_to_a_manifest_not_in_the_store_fails_on_the_listing_manifest()
    {
        var parent = ParentManifest();
        var result = Validate(parent, C2paLabels.IngredientV2, "c2pa_manifest", new byte[32], "self#jumbf=/c2pa/urn:uuid:00000000-0000-0000-0000-000000000000");

        Assert.Contains(StatusCodes.IngredientManifestMissing, result.FailureCodes);
        Assert.Empty(result.IngredientDeltas);
    }

    [Fact]
    public void Any_other_hash_is_a_mismatch()
    {
        var deltas = Deltas(ParentManifest(), C2paLabels.IngredientV2, "c2pa_manifest", new byte[32]);

        Assert.Contains(deltas, s => s.Code == StatusCodes.IngredientManifestMismatch);
    }

    private static ManifestBox ParentManifest() =>
        ManifestStore.Parse(C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg")).ManifestStore).Active!;

    /// <summary>The statuses of a componentOf ingredient (no actions rule involved) referencing <paramref name="parent"/> with <paramref name="hash"/>.</summary>
    private List<ValidationStatus> Deltas(ManifestBox parent, string label, string field, byte[] hash, string? url = null)
    {
        var result = Validate(parent, label, field, hash, url);
        Assert.DoesNotContain(result.FailureCodes, c => c != StatusCodes.AssertionDataHashMismatch && c.StartsWith("assertion.", StringComparison.Ordinal));
        return result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Success.Concat(d.ValidationDeltas.Failure)).ToList();
    }

    /// <summary>The store of a manifest whose componentOf ingredient references <paramref name="parent"/> (or <paramref name="url"/>) with <paramref name="hash"/>.</summary>
    private C2paValidationResult Validate(ManifestBox parent, string label, string field, byte[] hash, string? url)
    {
        var composer = new ManifestComposer(_credential);
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.ActionsV2, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("actions");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("action");
            w.WriteTextString("c2pa.created");
            w.WriteTextString("digitalSourceType");
            w.WriteTextString("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture");
            w.WriteEndMap();
            w.WriteEndArray();
        })));
        composer.Assertions.Add(AssertionPayload.Cbor(label, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("dc:title");
            w.WriteTextString("home.jpg");
            w.WriteTextString("relationship");
            w.WriteTextString("componentOf");
            w.WriteTextString(field);
            ManifestComposer.HashedUri(w, url ?? $"self#jumbf=/c2pa/{parent.Label}", hash);
            if (field == "activeManifest")
            {
                w.WriteTextString("validationResults");
                w.WriteStartMap(1);
                w.WriteTextString("activeManifest");
                w.WriteStartMap(0);
                w.WriteEndMap();
                w.WriteEndMap();
            }
        })));
        composer.Assertions.Add(AssertionPayload.Cbor(C2paLabels.DataHash, Provenance.Core.C2pa.Assertions.DataHashAssertion.Encode(
            new Provenance.Core.Formats.ByteRange(0, 0), new byte[32], Provenance.Core.C2pa.Assertions.DataHashAssertion.ReservedLength(32))));

        return C2paTestKit.ExampleValidator().ValidateManifestStore(composer.Store(parent.Box));
    }
}
