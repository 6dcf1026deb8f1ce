using System.Security.Cryptography;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using AigcLabel = Provenance.Contracts.V1.AigcLabel;
using CoreLabel = Provenance.Core.Labeling.AigcLabel;
using ValidationStatus = Provenance.Contracts.V1.ValidationStatus;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// The verdicts of design.md through the running service over gRPC (issue 6, "Done when"): each file is signed
/// by the service, changed the way uploads, editors and forgers change files, and verified by the service.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class VerdictTests(EndToEndFixture service)
{
    [Fact]
    public async Task A_thumbnail_under_128_px_is_signed_and_the_response_says_it_carries_no_watermark()
    {
        // home.jpg (512x384) scaled to 100x75: under the watermark's 128 px, over Sign's 64 px.
        var thumbnail = MediaEdits.Scaled(TestMedia.Load("home.jpg"), 100.0 / 512, EncodeSettings.Jpeg(90));
        var sign = (await service.SignAsync(thumbnail)).Response;

        Assert.Empty(sign.WatermarkId);
        Assert.Equal(0, sign.WatermarkPsnrDb);
        Assert.Contains("shorter side of the image is 75 pixels", sign.WatermarkOmittedReason);
        var verify = await service.VerifyAsync(sign.Media.ToByteArray());
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Empty(verify.Watermark.Id);
    }

    [Theory]
    [InlineData("Garden.jpg", "image/jpeg")] // 2560x1600, the corpus's largest
    [InlineData("home.jpg", "image/jpeg")] // 512x384
    [InlineData("chicky_512.png", "image/png")]
    [InlineData("graf1.png", "image/png")]
    [InlineData(TestMedia.WebPName, "image/webp")]
    public async Task A_signed_file_is_verified_with_label_1_and_its_manifest_is_found_by_either_id(string photo, string mimeType)
    {
        var signed = await service.SignedAsync(photo);
        var sign = signed.Response;
        Assert.Equal(mimeType, sign.MimeType);
        Assert.Matches("^urn:c2pa:[0-9a-f-]{36}$", sign.ManifestId);
        Assert.Matches("^[0-9a-f]{16}$", sign.WatermarkId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signed.Bytes)), sign.ContentHash);
        // The implicit label the service wrote into the file's XMP names the generator and the manifest.
        var (xmpLabel, sourceType) = AigcMetadata.Read(AssetHandlers.Detect(signed.Bytes).ReadXmp(signed.Bytes));
        Assert.Equal(CoreLabel.AiGenerated, xmpLabel?.Label);
        Assert.Equal(ExampleKeys.GeneratorContentProducer, xmpLabel?.ContentProducer);
        Assert.Equal(sign.ManifestId, xmpLabel?.ProduceId);
        Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, sourceType);

        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Equal("Trusted", verify.ValidationState);
        Assert.DoesNotContain(verify.ValidationStatus, s => s.Kind == ValidationStatus.Types.Kind.Failure);
        Assert.Equal(sign.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal("embedded", verify.Manifest.Source);
        Assert.Equal("e2e-diffusion", verify.Manifest.ModelName);
        Assert.Equal(sign.WatermarkId, verify.Watermark.Id);
        Assert.Equal(sign.ContentHash, verify.ContentHash);
        Assert.Empty(verify.ReportId);

        var byWatermark = await service.Client.GetManifestAsync(new GetManifestRequest { Id = sign.WatermarkId });
        var byManifest = await service.Client.GetManifestAsync(new GetManifestRequest { Id = sign.ManifestId });
        Assert.Equal(byWatermark, byManifest);
        Assert.Equal(sign.ManifestId, byWatermark.ManifestId);
        Assert.Equal(sign.WatermarkId, byWatermark.WatermarkId);
        Assert.Equal(sign.ContentHash, byWatermark.ContentHash);
        Assert.Equal(ExampleKeys.GeneratorName, byWatermark.Generator);
        Assert.Equal(mimeType, byWatermark.MimeType);
        Assert.False(byWatermark.Revoked);
        Assert.Equal(AssetHandlers.Detect(signed.Bytes).ReadManifestStore(signed.Bytes), byWatermark.ManifestStore.ToByteArray());
        Assert.Contains(sign.ManifestId, byWatermark.ManifestJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Garden.jpg")]
    [InlineData("chicky_512.png")]
    public async Task Metadata_stripped_and_re_encoded_as_JPEG_q85_is_recovered_with_label_1_and_reported(string photo)
    {
        var signed = await service.SignedAsync(photo);
        var laundered = MediaEdits.ReEncode(signed.Bytes, EncodeSettings.Jpeg(85));

        var verify = await service.VerifyAsync(laundered);
        Assert.Equal(Verdict.Recovered, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(signed.Response.WatermarkId, verify.Watermark.Id);
        Assert.True(verify.Watermark.Resolved);
        Assert.True(verify.Watermark.FingerprintMatches);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal("store", verify.Manifest.Source);

        var report = await service.ReportAsync(verify.ReportId, Verdict.Recovered);
        Assert.Equal(verify.ContentHash, report.ContentHash);
        Assert.Equal(signed.Response.WatermarkId, report.WatermarkId);
        Assert.Equal(signed.Response.ManifestId, report.ManifestId);
        Assert.Equal("image/jpeg", report.MimeType);
        Assert.Equal(AigcLabel.AiGenerated, report.AigcLabel);
    }

    [Theory]
    [InlineData("home.jpg")]
    [InlineData("chicky_512.png")]
    [InlineData(TestMedia.WebPName)]
    public async Task Pixels_edited_under_the_original_manifest_are_tampered(string photo)
    {
        var signed = await service.SignedAsync(photo);
        var edited = MediaEdits.PaintBlockUnderOriginalManifest(signed.Bytes);

        var verify = await service.VerifyAsync(edited);
        Assert.Equal(Verdict.Tampered, verify.Verdict);
        Assert.Equal("Invalid", verify.ValidationState);
        Assert.Contains(verify.ValidationStatus, s => s.Code == StatusCodes.AssertionDataHashMismatch && s.Kind == ValidationStatus.Types.Kind.Failure);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Contains(StatusCodes.AssertionDataHashMismatch, verify.VerdictReason, StringComparison.Ordinal);

        var report = await service.ReportAsync(verify.ReportId, Verdict.Tampered);
        Assert.Contains(StatusCodes.AssertionDataHashMismatch, report.StatusCodes);
        Assert.Equal(signed.Response.ManifestId, report.ManifestId);
    }

    [Theory]
    [InlineData("starry_night.jpg")]
    [InlineData("graf1.png")]
    public async Task An_unsigned_photo_is_missing_and_reported(string photo)
    {
        var media = TestMedia.Load(photo);
        var verify = await service.VerifyAsync(media);
        Assert.Equal(Verdict.Missing, verify.Verdict);
        Assert.Equal(AigcLabel.None, verify.AigcLabel);
        Assert.False(verify.Watermark.Detected);
        Assert.Null(verify.Manifest);
        Assert.Empty(verify.ValidationState);

        var report = await service.ReportAsync(verify.ReportId, Verdict.Missing);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(media)), report.ContentHash);
        Assert.Equal("anonymous", report.Platform);
        Assert.Equal(AigcLabel.None, report.AigcLabel);
        Assert.Empty(report.WatermarkId);
        Assert.Empty(report.ManifestId);
    }

    [Fact]
    public async Task An_unsigned_photo_with_only_an_AIGC_XMP_label_is_declared_with_that_label()
    {
        var labelled = MediaEdits.WithUnsignedAigcLabel(TestMedia.Load("fruits.jpg"), "SOMEONE-ELSE");

        var verify = await service.VerifyAsync(labelled);
        Assert.Equal(Verdict.Declared, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Contains("XMP", verify.AigcLabelReason, StringComparison.Ordinal);
        Assert.False(verify.Watermark.Detected);
        Assert.Null(verify.Manifest);

        var report = await service.ReportAsync(verify.ReportId, Verdict.Declared);
        Assert.Equal(AigcLabel.AiGenerated, report.AigcLabel);
    }

    [Fact]
    public async Task Another_photo_marked_with_the_first_ones_watermark_ID_is_not_recovered()
    {
        var first = await service.SignedAsync("Garden.jpg");
        // A forger who has the watermark key stamps other content with the first file's ID and ships it bare.
        var forged = MediaEdits.MarkedWith(TestMedia.Load("leuvenA.jpg"), ExampleKeys.Watermarker,
            Convert.ToUInt64(first.Response.WatermarkId, 16), EncodeSettings.Jpeg(90));

        var verify = await service.VerifyAsync(forged);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(first.Response.WatermarkId, verify.Watermark.Id);
        Assert.True(verify.Watermark.Resolved);
        Assert.False(verify.Watermark.FingerprintMatches);
        Assert.NotEqual(Verdict.Recovered, verify.Verdict);
        Assert.Equal(Verdict.Tampered, verify.Verdict);
        // Nothing trustworthy says "AI-generated", but a generator's watermark is a trace of synthesis: label 3.
        Assert.Equal(AigcLabel.SuspectedAiGenerated, verify.AigcLabel);

        var report = await service.ReportAsync(verify.ReportId, Verdict.Tampered);
        Assert.Equal(first.Response.WatermarkId, report.WatermarkId);
    }
}
