using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Labeling;
using Provenance.Core.Signing;
using Provenance.Core.Verification;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>A platform's propagation fields written into the copy it distributes (GB 45438), through the pipelines.</summary>
public sealed class LabelPropagatorTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    private static readonly ContentGenerator Platform = new("Example Platform", "Example Platform Ltd", "EXAMPLE-PLATFORM");

    private LabelPropagator Propagator => new(pipeline.Credential,
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = pipeline.TrustAnchorsPem }));

    private Task<VerificationOutcome> VerifyAsync(byte[] media) => pipeline.Verifier.VerifyAsync(media, null, false, null, default);

    [Theory]
    [InlineData("GreenMeadow.jpg")]
    [InlineData("chicky_512.png")]
    public async Task A_signed_copy_gets_the_fields_in_XMP_and_in_a_derived_manifest_and_still_verifies(string photo)
    {
        var signed = pipeline.Sign(PipelineFixture.Photo(photo));
        var verified = await VerifyAsync(signed.Bytes);
        var propagated = Propagator.Propagate(signed.Bytes, verified, Platform, "share-42");

        var outcome = await VerifyAsync(propagated);
        Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, outcome.Decision.Label);
        var label = outcome.XmpLabel!;
        Assert.Equal(("EXAMPLE-PLATFORM", "share-42"), (label.ContentPropagator, label.PropagateId));
        // What the producer wrote is kept.
        Assert.Equal(("EXAMPLEAILABS-GEN", signed.ManifestId), (label.ContentProducer, label.ProduceId));
        Assert.Equal(label.ToJson(), outcome.Summary?.AigcLabelJson);
        Assert.Equal(signed.ManifestId, outcome.Summary?.Parent?.Label);
        // The pixels were not touched: the watermark is still there.
        Assert.Equal(signed.WatermarkIdHex, outcome.WatermarkId);
    }

    [Fact]
    public async Task A_copy_with_only_an_XMP_label_gets_the_fields_in_XMP()
    {
        var photo = PipelineFixture.Photo("home.jpg");
        var labelled = AssetHandlers.Detect(photo).WriteXmp(photo,
            AigcMetadata.Write(null, new AigcLabel { Label = "1", ContentProducer = "SOMEONE" }, DigitalSourceTypes.TrainedAlgorithmicMedia));
        var verified = await VerifyAsync(labelled);
        var propagated = Propagator.Propagate(labelled, verified, Platform, "p-1");

        var outcome = await VerifyAsync(propagated);
        Assert.False(outcome.Embedded.HasManifest);
        Assert.Equal(("1", "SOMEONE", "EXAMPLE-PLATFORM", "p-1"),
            (outcome.XmpLabel?.Label, outcome.XmpLabel?.ContentProducer, outcome.XmpLabel?.ContentPropagator, outcome.XmpLabel?.PropagateId));
    }

    [Fact]
    public async Task Unlabelled_content_and_a_failing_manifest_are_refused()
    {
        var plain = PipelineFixture.Photo("home.jpg");
        var unlabelled = await VerifyAsync(plain);
        Assert.Throws<PropagationRefusedException>(() => Propagator.Propagate(plain, unlabelled, Platform, "p"));

        var signed = pipeline.Sign(PipelineFixture.Photo("fruits.jpg")).Bytes;
        signed[^200] ^= 0x40;
        var tampered = await VerifyAsync(signed);
        Assert.Equal(Verdict.Tampered, tampered.Decision.Verdict);
        var error = Assert.Throws<PropagationRefusedException>(() => Propagator.Propagate(signed, tampered, Platform, "p"));
        Assert.Contains(StatusCodes.AssertionDataHashMismatch, error.Message, StringComparison.Ordinal);
    }
}
