using System.Text.Json;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa;

public class ManifestSignerTests
{
    public static TheoryData<string> Photos() => TestFiles.PhotoNames();

    [Theory]
    [MemberData(nameof(Photos))]
    public void Signs_every_corpus_photo_into_a_trusted_manifest_that_says_what_was_asked(string photo)
    {
        var original = C2paTestKit.Photo(photo);

        var signed = C2paTestKit.SignWithExample(original);
        var result = C2paTestKit.ExampleValidator().Validate(signed.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Empty(result.ActiveManifest.Failure);
        Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionDataHashMatch);
        var summary = result.Summary!;
        Assert.Equal(signed.ManifestLabel, summary.Label);
        Assert.Equal(signed.ManifestLabel, result.ActiveManifestLabel);
        Assert.StartsWith("urn:c2pa:", summary.Label);
        Assert.Equal(2, summary.ClaimVersion);
        Assert.Equal("Example Generator", summary.ClaimGenerator);
        Assert.Equal("Example AI Labs Claim Signer", summary.SignerCommonName);
        Assert.Equal("Example AI Labs", summary.SignerOrganization);
        Assert.Equal("ES256", summary.SignatureAlgorithm);
        Assert.Equal(C2paActions.TrainedAlgorithmicMedia, summary.DigitalSourceType);
        Assert.Equal([C2paActions.Created, C2paActions.Watermarked], summary.Actions.Select(a => a.Action));
        Assert.Equal("example-diffusion", summary.Actions[0].SoftwareAgent);
        Assert.Equal("2.1", summary.Actions[0].SoftwareAgentVersion);
        Assert.Equal(SoftBindingAssertion.WatermarkAlgorithm, summary.SoftBindingAlgorithm);
        Assert.Equal("0123456789abcdef", summary.SoftBindingValueHex);
        Assert.Equal(C2paTestKit.AigcJson, summary.AigcLabelJson);
        Assert.Equal("test asset", summary.Title);
        Assert.NotNull(summary.SigningTime);
        Assert.False(summary.SigningTimeAttested);
    }

    [Fact]
    public void Embeds_exactly_the_returned_store_and_excludes_exactly_its_container_bytes()
    {
        var original = C2paTestKit.Photo("leuvenA.jpg");

        var signed = C2paTestKit.SignWithExample(original);

        var handler = AssetHandlers.Detect(signed.Bytes);
        Assert.Equal(signed.ManifestStore, handler.ReadManifestStore(signed.Bytes));
        Assert.Equal(original, handler.RemoveManifestStore(signed.Bytes));
        Assert.Equal([C2paTestKit.StoreRange(signed.Bytes)], C2paHashData.Exclusions(signed.ManifestStore));
    }

    [Fact]
    public void Writes_the_manifest_json_for_storage()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));

        using var json = JsonDocument.Parse(signed.ManifestJson);
        var root = json.RootElement;
        Assert.Equal(signed.ManifestLabel, root.GetProperty("label").GetString());
        Assert.Equal("Example AI Labs", root.GetProperty("claim_generator_info").GetProperty("org.provenance.organisation").GetString());
        var labels = root.GetProperty("assertions").EnumerateArray().Select(a => a.GetProperty("label").GetString()).ToList();
        Assert.Equal([C2paLabels.ActionsV2, C2paLabels.DataHash, C2paLabels.SoftBinding, AigcLabelAssertion.Label], labels);
        var aigc = root.GetProperty("assertions")[3].GetProperty("data").GetProperty("AIGC");
        Assert.Equal("EXAMPLE-001", aigc.GetProperty("ContentProducer").GetString());
        var signatureInfo = root.GetProperty("signature_info");
        Assert.Equal("ES256", signatureInfo.GetProperty("alg").GetString());
        // The signer's own certificate, not the intermediate that follows it in x5chain.
        Assert.Equal("Example AI Labs Claim Signer", signatureInfo.GetProperty("common_name").GetString());
        Assert.Equal("Example AI Labs", signatureInfo.GetProperty("issuer").GetString());
    }

    [Fact]
    public void Without_a_watermark_there_is_no_soft_binding_and_no_watermarked_action()
    {
        var signed = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"), C2paTestKit.Request(watermarkId: null, title: null));
        var result = C2paTestKit.ExampleValidator().Validate(signed.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Equal([C2paActions.Created], result.Summary!.Actions.Select(a => a.Action));
        Assert.Null(result.Summary.SoftBindingValueHex);
        Assert.DoesNotContain(C2paLabels.SoftBinding, result.Summary.AssertionLabels);
        Assert.Null(result.Summary.Title);
    }

    [Fact]
    public void Signing_a_signed_asset_replaces_its_store()
    {
        var first = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));

        var second = C2paTestKit.SignWithExample(first.Bytes);
        var result = C2paTestKit.ExampleValidator().Validate(second.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Equal(second.ManifestLabel, result.ActiveManifestLabel);
        Assert.Single(ManifestStore.Parse(second.ManifestStore).Manifests);
    }

    [Theory]
    [InlineData("es384", CoseAlgorithm.ES384)]
    [InlineData("ps256", CoseAlgorithm.PS256)]
    [InlineData("es512", CoseAlgorithm.ES512)]
    public void Signs_with_other_algorithms_and_chains(string certificates, CoseAlgorithm algorithm)
    {
        var folder = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
        using var credential = C2paSigningCredential.FromPemFiles(Path.Combine(folder, certificates + ".pub"), Path.Combine(folder, certificates + ".pem"));
        Assert.Equal(algorithm, credential.Algorithm);

        var signed = new C2paManifestSigner(credential).Sign(C2paTestKit.Photo("butterfly.jpg"), C2paTestKit.Request());
        var result = C2paTestKit.FixtureValidator().Validate(signed.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Equal(algorithm.ToString(), result.Summary!.SignatureAlgorithm);
    }

    [Fact]
    public void Refuses_a_key_that_is_not_the_certificates()
    {
        var otherKey = File.ReadAllText(Path.Combine(RepositoryPaths.C2paFixtures, "certs", "es256.pem"));

        var error = Assert.Throws<ArgumentException>(() =>
            C2paSigningCredential.FromPem(File.ReadAllText(C2paTestKit.KeysExample("signer-chain.pem")), otherKey));
        Assert.Contains("does not belong", error.Message);
    }

    [Fact]
    public void Refuses_an_expired_signing_certificate()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, chain, key) = C2paTestKit.MakeChainPems("Old Lab", now.AddYears(-2), now.AddYears(-1));

        var error = Assert.Throws<ArgumentException>(() => C2paSigningCredential.FromPem(chain, key));
        Assert.Contains("not valid at", error.Message);
    }

    [Fact]
    public void Refuses_a_certificate_outside_the_c2pa_profile()
    {
        // The example root CA is a CA: it cannot sign claims.
        var root = File.ReadAllText(C2paTestKit.KeysExample("root-ca.pem"));
        var key = File.ReadAllText(C2paTestKit.KeysExample("signer-key.pem"));

        var error = Assert.Throws<ArgumentException>(() => C2paSigningCredential.FromPem(root, key));
        Assert.Contains("profile", error.Message);
    }

    [Fact]
    public void Refuses_an_aigc_label_that_is_not_the_gb45438_json_shape()
    {
        var request = C2paTestKit.Request() with { AigcLabelJson = """{"Label":"1"}""" };

        Assert.Throws<ArgumentException>(() => C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"), request));
    }

    [Fact]
    public void Refuses_bytes_that_are_not_an_image()
    {
        var error = Assert.Throws<InvalidMediaException>(() => C2paTestKit.SignWithExample("not an image at all"u8.ToArray()));
        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
    }
}
