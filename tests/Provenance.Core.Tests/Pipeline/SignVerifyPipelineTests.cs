using Provenance.Core.C2pa.Validation;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling;
using Provenance.Core.Verification;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// The verdicts of design.md through the Core pipelines, on corpus photos: what the service and the CLI build on.
/// (The same cases run again through the service over gRPC and through the CLI in their own test projects.)
/// </summary>
public sealed class SignVerifyPipelineTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("Garden.jpg")]
    [InlineData("chicky_512.png")]
    public async Task A_signed_file_is_verified_offline_with_label_1(string photo)
    {
        var signed = pipeline.Sign(PipelineFixture.Photo(photo));
        var outcome = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records: null, default);

        Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, outcome.Decision.Label);
        Assert.Equal(signed.WatermarkIdHex, outcome.WatermarkId);
        Assert.Equal(ValidationState.Trusted, outcome.Embedded.State);
        Assert.Equal(signed.ManifestId, outcome.Summary?.Label);
        Assert.Equal(signed.ContentHash, outcome.ContentHash);
        // The unsigned XMP label names the manifest as its ProduceID.
        Assert.Equal(signed.ManifestId, outcome.XmpLabel?.ProduceId);
    }

    [Fact]
    public void A_file_in_no_format_sign_writes_is_refused_with_the_formats_it_takes()
    {
        // Ogg Vorbis: audio Verify reads through ffmpeg, but Sign writes no manifest into it.
        var ogg = File.ReadAllBytes(Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "love_theme.ogg"));

        var error = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(ogg));

        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
        Assert.Equal("The file is in none of the formats Sign takes: JPEG, PNG or WebP images, MP4 or MOV video, M4A, WAV, FLAC or MP3 audio.",
            error.Message);
    }

    [Fact]
    public async Task A_file_bound_by_its_manifest_can_skip_detection_and_an_unbound_one_cannot()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("board.jpg"));
        var bound = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records: null, default, detectWhenBound: false);
        Assert.Equal(Verdict.Verified, bound.Decision.Verdict);
        Assert.True(bound.WatermarkSkipped);
        Assert.Equal(signed.WatermarkIdHex, bound.Summary?.SoftBindingValueHex);

        // One changed pixel byte breaks the binding: then the pixels are looked at.
        var tampered = (byte[])signed.Bytes.Clone();
        tampered[^100] ^= 0x01;
        var unbound = await pipeline.Verifier.VerifyAsync(tampered, null, false, records: null, default, detectWhenBound: false);
        Assert.False(unbound.WatermarkSkipped);
        Assert.Equal(Verdict.Tampered, unbound.Decision.Verdict);
    }

    [Fact]
    public async Task Stripped_and_re_encoded_at_q85_is_recovered_through_the_store()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("Dune.jpg"));
        var records = new MemoryRecords();
        records.Add(signed);

        var laundered = MediaEdits.ReEncode(signed.Bytes, EncodeSettings.Jpeg(85));
        var offline = await pipeline.Verifier.VerifyAsync(laundered, null, false, records: null, default);
        var online = await pipeline.Verifier.VerifyAsync(laundered, null, false, records, default);

        Assert.False(offline.Embedded.HasManifest);
        Assert.Equal(Verdict.Declared, offline.Decision.Verdict);
        Assert.Equal(AigcLabel.SuspectedAiGenerated, offline.Decision.Label);
        Assert.Equal(Verdict.Recovered, online.Decision.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, online.Decision.Label);
        Assert.Equal(signed.ManifestId, online.Summary?.Label);
        Assert.True(online.FingerprintMatch?.Matches);
    }

    [Fact]
    public async Task Pixels_edited_under_the_original_manifest_are_tampered()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("fruits.jpg"));
        var edited = MediaEdits.PaintBlockUnderOriginalManifest(signed.Bytes);

        var outcome = await pipeline.Verifier.VerifyAsync(edited, null, false, records: null, default);
        Assert.Equal(Verdict.Tampered, outcome.Decision.Verdict);
        Assert.Contains(StatusCodes.AssertionDataHashMismatch, outcome.Embedded.FailureCodes);
    }

    [Fact]
    public async Task An_unsigned_photo_is_missing_and_one_with_only_an_AIGC_XMP_label_is_declared()
    {
        var photo = PipelineFixture.Photo("home.jpg");
        var missing = await pipeline.Verifier.VerifyAsync(photo, null, false, new MemoryRecords(), default);
        Assert.Equal(Verdict.Missing, missing.Decision.Verdict);
        Assert.Null(missing.Decision.Label);
        Assert.False(missing.Watermark.Detected);

        var labelled = MediaEdits.WithUnsignedAigcLabel(photo, "SOMEONE");
        var declared = await pipeline.Verifier.VerifyAsync(labelled, null, false, new MemoryRecords(), default);
        Assert.Equal(Verdict.Declared, declared.Decision.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, declared.Decision.Label);
    }

    [Fact]
    public async Task Another_photo_marked_with_the_first_ones_ID_is_not_recovered()
    {
        var first = pipeline.Sign(PipelineFixture.Photo("Aqua.jpg"));
        var records = new MemoryRecords();
        records.Add(first);
        // A forger who knows the watermark key marks different content with the first file's ID, without metadata.
        var forged = MediaEdits.MarkedWith(PipelineFixture.Photo("leuvenA.jpg"), pipeline.Watermarker, first.WatermarkId, EncodeSettings.Jpeg(90));

        var outcome = await pipeline.Verifier.VerifyAsync(forged, null, false, records, default);
        Assert.Equal(first.WatermarkIdHex, outcome.WatermarkId);
        Assert.NotEqual(Verdict.Recovered, outcome.Decision.Verdict);
        Assert.Equal(Verdict.Tampered, outcome.Decision.Verdict);
        Assert.False(outcome.FingerprintMatch?.Matches);
    }

    [Fact]
    public async Task A_revoked_signer_makes_the_file_untrusted_with_the_reason()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("butterfly.jpg"));
        var thumbprint = signed.SignerThumbprint;
        var verifier = pipeline.VerifierWith(new C2paValidatorOptions
        {
            TrustAnchorsPem = pipeline.TrustAnchorsPem,
            RevokedSignerThumbprints = new HashSet<string> { thumbprint },
        });

        var outcome = await verifier.VerifyAsync(signed.Bytes, null, false, records: null, default);
        Assert.Equal(Verdict.Untrusted, outcome.Decision.Verdict);
        Assert.Contains(StatusCodes.SigningCredentialOcspRevoked, outcome.Embedded.FailureCodes);
        Assert.Contains("revoked", outcome.Decision.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_generator_key_reaches_its_files_through_the_store()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("building.jpg"));
        var records = new MemoryRecords();
        records.Add(signed, revocation: "generator key revoked on 2026-11-20: leaked");

        var outcome = await pipeline.Verifier.VerifyAsync(signed.Bytes, null, false, records, default);
        Assert.Equal(Verdict.Untrusted, outcome.Decision.Verdict);
        Assert.Contains("leaked", outcome.Decision.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_input_is_refused_rather_than_signed_with_filled_in_pixels()
    {
        // Cut off in the middle of its entropy-coded data: libjpeg would fill the missing rows in grey.
        var photo = PipelineFixture.Photo("home.jpg");
        var error = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(photo[..(photo.Length / 2)]));
        Assert.Equal(MediaError.Truncated, error.Error);
    }

    [Fact]
    public void A_declared_type_that_disagrees_with_the_bytes_is_refused()
    {
        var error = Assert.Throws<InvalidMediaException>(() => pipeline.Signer.Sign(PipelineFixture.Photo("home.jpg"),
            new Signing.SignInput(PipelineFixture.Generator, "m", null, null, 1, "image/png")));
        Assert.Equal(MediaError.FormatMismatch, error.Error);
    }
}
