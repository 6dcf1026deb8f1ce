using Provenance.Core.Labeling;
using Provenance.Core.Verification;

namespace Provenance.Core.Tests.Verification;

public sealed class VerdictPolicyTests
{
    private const string Id = "00112233aabbccdd";
    private static readonly AigcLabel Ai = new() { Label = AigcLabel.AiGenerated, ContentProducer = "GEN" };

    private static ManifestEvidence TrustedManifest(string? softBinding = Id) =>
        new(Trusted: true, Intact: true, [], null, softBinding, Ai, DigitalSourceTypes.TrainedAlgorithmicMedia);

    private static Evidence Nothing => new(null, null, null, null, UploaderDeclaresAi: false);

    [Fact]
    public void A_trusted_intact_manifest_with_an_agreeing_watermark_is_verified_and_labelled_AI()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Manifest = TrustedManifest(),
            Watermark = new WatermarkEvidence(Id, null, StoreConsulted: false),
        });
        Assert.Equal(Verdict.Verified, decision.Verdict);
        Assert.Equal("1", decision.Label);
    }

    [Fact]
    public void A_manifest_failing_validation_is_tampered_whatever_else_is_there()
    {
        var broken = TrustedManifest() with { Trusted = false, Intact = false, FailureCodes = ["assertion.dataHash.mismatch"] };
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Manifest = broken,
            Watermark = new WatermarkEvidence(Id, new StoredRecordEvidence(true, true, null, Ai), StoreConsulted: true),
        });
        Assert.Equal(Verdict.Tampered, decision.Verdict);
        Assert.Contains("assertion.dataHash.mismatch", decision.VerdictReason, StringComparison.Ordinal);
        // The metadata still declares AI generation: the platform still shows the label.
        Assert.Equal("1", decision.Label);
    }

    [Fact]
    public void A_watermark_contradicting_the_manifest_soft_binding_is_tampered()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Manifest = TrustedManifest(),
            Watermark = new WatermarkEvidence("ffffffffffffffff", null, StoreConsulted: false),
        });
        Assert.Equal(Verdict.Tampered, decision.Verdict);
    }

    [Fact]
    public void An_intact_manifest_from_an_untrusted_or_revoked_signer_is_untrusted()
    {
        var untrusted = VerdictPolicy.Decide(Nothing with
        {
            Manifest = TrustedManifest() with { Trusted = false, FailureCodes = ["signingCredential.untrusted"] },
        });
        var revoked = VerdictPolicy.Decide(Nothing with { Manifest = TrustedManifest() with { Revocation = "key leaked" } });

        Assert.Equal(Verdict.Untrusted, untrusted.Verdict);
        Assert.Contains("signingCredential.untrusted", untrusted.VerdictReason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Untrusted, revoked.Verdict);
        Assert.Contains("key leaked", revoked.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_watermark_with_matching_content_recovers_provenance()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Watermark = new WatermarkEvidence(Id, new StoredRecordEvidence(true, true, null, Ai), StoreConsulted: true),
        });
        Assert.Equal(Verdict.Recovered, decision.Verdict);
        Assert.Equal("1", decision.Label);
        Assert.Contains("recovered", decision.LabelReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watermark_moved_onto_other_content_is_not_recovered()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Watermark = new WatermarkEvidence(Id, new StoredRecordEvidence(FingerprintMatches: false, true, null, Ai), StoreConsulted: true),
        });
        Assert.Equal(Verdict.Tampered, decision.Verdict);
        // The stored label is not evidence about this content; the detected mark is a trace of synthesis.
        Assert.Equal("3", decision.Label);
    }

    [Fact]
    public void A_resolved_watermark_of_a_revoked_generator_is_untrusted()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Watermark = new WatermarkEvidence(Id, new StoredRecordEvidence(true, true, "generator key revoked: leaked", Ai), StoreConsulted: true),
        });
        Assert.Equal(Verdict.Untrusted, decision.Verdict);
    }

    [Fact]
    public void A_resolved_watermark_whose_stored_manifest_no_longer_validates_is_untrusted()
    {
        var decision = VerdictPolicy.Decide(Nothing with
        {
            Watermark = new WatermarkEvidence(Id, new StoredRecordEvidence(true, ManifestTrusted: false, null, Ai), StoreConsulted: true),
        });
        Assert.Equal(Verdict.Untrusted, decision.Verdict);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_unresolved_watermark_is_declared_and_labelled_suspected(bool storeConsulted)
    {
        var decision = VerdictPolicy.Decide(Nothing with { Watermark = new WatermarkEvidence(Id, null, storeConsulted) });
        Assert.Equal(Verdict.Declared, decision.Verdict);
        Assert.Equal("3", decision.Label);
        Assert.Equal(!storeConsulted, decision.VerdictReason.Contains("--server", StringComparison.Ordinal));
    }

    [Fact]
    public void Unsigned_XMP_claims_alone_are_declared_and_still_labelled()
    {
        var decision = VerdictPolicy.Decide(Nothing with { XmpLabel = Ai });
        Assert.Equal(Verdict.Declared, decision.Verdict);
        Assert.Equal("1", decision.Label);

        var sourceTypeOnly = VerdictPolicy.Decide(Nothing with { XmpDigitalSourceType = DigitalSourceTypes.CompositeWithTrainedAlgorithmicMedia });
        Assert.Equal(Verdict.Declared, sourceTypeOnly.Verdict);
        Assert.Equal("1", sourceTypeOnly.Label);
    }

    [Fact]
    public void A_platforms_earlier_label_2_or_3_is_kept()
    {
        var decision = VerdictPolicy.Decide(Nothing with { XmpLabel = new AigcLabel { Label = AigcLabel.SuspectedAiGenerated } });
        Assert.Equal("3", decision.Label);
    }

    [Fact]
    public void Nothing_at_all_is_missing_with_no_label_unless_the_uploader_declares_AI()
    {
        var nothing = VerdictPolicy.Decide(Nothing);
        Assert.Equal(Verdict.Missing, nothing.Verdict);
        Assert.Null(nothing.Label);

        var declared = VerdictPolicy.Decide(Nothing with { UploaderDeclaresAi = true });
        Assert.Equal(Verdict.Missing, declared.Verdict);
        Assert.Equal("2", declared.Label);
    }

    [Fact]
    public void A_trusted_manifest_of_a_camera_capture_is_verified_with_no_AI_label()
    {
        var camera = new ManifestEvidence(true, true, [], null, null, null, "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture");
        var decision = VerdictPolicy.Decide(Nothing with { Manifest = camera });
        Assert.Equal(Verdict.Verified, decision.Verdict);
        Assert.Null(decision.Label);
    }
}
