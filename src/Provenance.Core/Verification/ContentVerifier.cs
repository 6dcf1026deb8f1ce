using System.Security.Cryptography;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Core.Verification;

/// <summary>
/// The Verify pipeline (design.md, data flow): read and validate the embedded manifest, decode the pixels,
/// detect the watermark, resolve it through the records when there are any, compare the upload with the stored
/// fingerprint, read the unsigned XMP claims, and decide. Used by the service (records = its store) and by the
/// CLI (records = the service, or none offline). Thread-safe.
/// </summary>
public sealed partial class ContentVerifier
{
    private readonly C2paValidator _validator;
    private readonly Watermarker _watermarker;
    private readonly MediaLimits _limits;
    private readonly Func<string?, string?>? _signerRevocationReason;
    private readonly Audio.IAudioWatermark? _audioWatermark;

    /// <param name="signerRevocationReason">
    /// The operator's reason for a revoked signing certificate, by its SHA-256 (the validator's own revocation list
    /// decides whether it is revoked); null to use the validator's explanation.
    /// </param>
    /// <param name="audioWatermark">The audio watermark scheme, or null to verify audio by its manifest and label only (said in every verdict).</param>
    public ContentVerifier(C2paValidator validator, Watermarker watermarker, MediaLimits limits,
        Func<string?, string?>? signerRevocationReason = null, Audio.IAudioWatermark? audioWatermark = null)
    {
        _audioWatermark = audioWatermark;
        _validator = validator;
        _watermarker = watermarker;
        _limits = limits;
        _signerRevocationReason = signerRevocationReason;
    }

    /// <summary>
    /// Verifies <paramref name="media"/>. Throws <see cref="InvalidMediaException"/> for input that is not a
    /// supported, well-formed image within the limits; every finding about provenance is in the outcome.
    /// </summary>
    /// <param name="detectWhenBound">
    /// When false, a file whose embedded manifest holds (signature, chain, and a matching hard binding) is not
    /// decoded for watermark detection: the matching data hash proves its pixels are byte for byte those the
    /// signer signed, so no watermark in them can contradict the manifest. The service verifies this way; the
    /// auditor's CLI always looks.
    /// </param>
    public async Task<VerificationOutcome> VerifyAsync(ReadOnlyMemory<byte> media, string? declaredMimeType, bool uploaderDeclaresAi,
        IProvenanceRecords? records, CancellationToken cancellationToken, bool detectWhenBound = true)
    {
        // Not left to the audio probe, whose "ffprobe cannot read the file" would not say what the file is.
        BmffFormat.ThrowIfImage(media.Span);
        var format = AssetHandlers.DetectFormat(media.Span);
        if (format is { Kind: MediaKind.Video })
        {
            return await VerifyVideoAsync(media, declaredMimeType, uploaderDeclaresAi, records, cancellationToken, detectWhenBound).ConfigureAwait(false);
        }
        if (format is { Kind: MediaKind.Audio })
        {
            return await VerifyAudioAsync(media, format, declaredMimeType, uploaderDeclaresAi, records, cancellationToken, detectWhenBound).ConfigureAwait(false);
        }
        if (format is null && _audioWatermark is not null)
        {
            return await VerifyDecodableAudioAsync(media, declaredMimeType, uploaderDeclaresAi, records, cancellationToken).ConfigureAwait(false);
        }
        var handler = AssetHandlers.Open(media.Span, _limits, declaredMimeType);
        C2paValidationResult embedded;
        using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.ManifestValidate))
        {
            embedded = _validator.Validate(media.Span);
        }
        var (xmpLabel, xmpSourceType) = AigcMetadata.Read(handler.ReadXmp(media.Span));
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(media.Span));

        var manifestEvidence = await ReadManifestEvidenceAsync(embedded, records, cancellationToken).ConfigureAwait(false);
        if (!detectWhenBound && BoundByManifest(manifestEvidence, embedded))
        {
            return AnsweredByManifest(manifestEvidence!, handler.Format, handler.MimeType, embedded, xmpLabel, xmpSourceType, uploaderDeclaresAi, contentHash);
        }

        // Damaged pixels (truncated, corrupt, or only warned about by the codec) are malformed input: the same
        // typed error Sign gives for the same file (docs/robustness.md, "Damaged input"). One exception: when the
        // embedded manifest's data hash fails, the manifest alone proves the bytes changed after signing, so the
        // file gets that verdict (tampered, as c2pa-rs judges it), without a watermark check.
        // Read only: a JPEG is decoded to its luma plane alone.
        DecodedLuma decoded;
        try
        {
            using var stage = PipelineStages.Start(PipelineStages.Verify, PipelineStages.Decode);
            decoded = DecodedLuma.DecodeIntact(media.Span, _limits);
        }
        catch (InvalidMediaException e) when (e.Error is MediaError.Corrupt or MediaError.Truncated &&
            embedded.HasManifest && embedded.ActiveManifest.HasCode(StatusCodes.AssertionDataHashMismatch))
        {
            var altered = VerdictPolicy.Decide(new Evidence(manifestEvidence, null, xmpLabel, xmpSourceType, uploaderDeclaresAi));
            return new VerificationOutcome(altered, handler.Format, handler.MimeType, embedded, WatermarkDetection.None(0), null, null, null,
                xmpLabel, contentHash, e.Message);
        }
        using var ownedDecode = decoded;
        WatermarkDetection detection;
        using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.WatermarkDetect))
        {
            detection = _watermarker.Detect(decoded.Luma);
        }
        var watermarkId = detection is { Detected: true, Id: { } id } ? WatermarkIds.Format(id) : null;

        var resolved = watermarkId is null
            ? ResolvedWatermark.None
            : await ResolveWatermarkAsync(watermarkId, manifestEvidence, records, stored => MatchFingerprint(stored, decoded.Luma, detection), cancellationToken)
                .ConfigureAwait(false);
        var (watermarkEvidence, stored, storedValidation, fingerprintMatch) = resolved;

        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, watermarkEvidence, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        return new VerificationOutcome(decision, handler.Format, handler.MimeType, embedded, detection, stored, storedValidation,
            fingerprintMatch, xmpLabel, contentHash, null);
    }

    /// <summary>A detected watermark ID resolved through the records: the evidence, and the record with its checks when one was found.</summary>
    private sealed record ResolvedWatermark(WatermarkEvidence? Evidence, StoredProvenance? Stored, C2paValidationResult? StoredValidation,
        FingerprintMatch? Fingerprint)
    {
        public static ResolvedWatermark None { get; } = new(null, null, null, null);
    }

    /// <summary>
    /// Looks <paramref name="watermarkId"/> up in the records, validates the stored manifest and checks the upload
    /// against the record's fingerprint (<paramref name="matchContent"/>: the media kind's own matcher). With a sound
    /// embedded manifest that names this very ID the store adds nothing to the verdict and is not asked.
    /// </summary>
    private async Task<ResolvedWatermark> ResolveWatermarkAsync(string watermarkId, ManifestEvidence? manifestEvidence, IProvenanceRecords? records,
        Func<StoredProvenance, FingerprintMatch> matchContent, CancellationToken cancellationToken)
    {
        StoredProvenance? stored = null;
        C2paValidationResult? storedValidation = null;
        FingerprintMatch? fingerprintMatch = null;
        StoredRecordEvidence? recordEvidence = null;
        var needsStore = manifestEvidence is not { Intact: true } || manifestEvidence.SoftBindingWatermarkId != watermarkId;
        if (records is not null && needsStore)
        {
            using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.Store))
            {
                stored = await records.FindByWatermarkIdAsync(watermarkId, cancellationToken).ConfigureAwait(false);
            }
            if (stored is not null)
            {
                using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.ManifestValidate))
                {
                    storedValidation = _validator.ValidateManifestStore(stored.ManifestStore);
                }
                using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.Fingerprint))
                {
                    fingerprintMatch = matchContent(stored);
                }
                recordEvidence = RecordEvidence(stored, storedValidation, fingerprintMatch.Matches);
            }
        }
        return new ResolvedWatermark(new WatermarkEvidence(watermarkId, recordEvidence, StoreConsulted: records is not null), stored,
            storedValidation, fingerprintMatch);
    }

    /// <summary>What the record a watermark ID found says, for any media kind; <paramref name="contentMatches"/> is its fingerprint check.</summary>
    private StoredRecordEvidence RecordEvidence(StoredProvenance stored, C2paValidationResult storedValidation, bool contentMatches) =>
        new(contentMatches,
            ManifestEvidenceReader.IsTrusted(storedValidation),
            stored.Revocation ?? ManifestEvidenceReader.RevocationOf(storedValidation, _signerRevocationReason),
            AigcLabel.TryParse(storedValidation.Summary?.AigcLabelJson));

    private static FingerprintMatch MatchFingerprint(StoredProvenance stored, ILumaImage upload, WatermarkDetection detection)
    {
        PerceptualFingerprint fingerprint;
        try
        {
            fingerprint = PerceptualFingerprint.FromBytes(stored.Fingerprint);
        }
        catch (FormatException)
        {
            return new FingerprintMatch(0, false, 0);
        }
        // The detector measures rotation counter-clockwise; the matcher undoes a clockwise one.
        return FingerprintMatcher.Match(fingerprint, upload, -detection.RotationDegrees);
    }

    /// <summary>
    /// A trusted manifest whose hard binding matched (data hash for images and audio, BMFF hash for MP4/MOV/M4A):
    /// the bytes are the ones signed, so the watermark cannot add to the verdict.
    /// </summary>
    private static bool BoundByManifest(ManifestEvidence? manifestEvidence, C2paValidationResult embedded) =>
        manifestEvidence is { Trusted: true }
        && (embedded.ActiveManifest.HasCode(StatusCodes.AssertionDataHashMatch) || embedded.ActiveManifest.HasCode(StatusCodes.AssertionBmffHashMatch));

    /// <summary>The verdict of a file <see cref="BoundByManifest"/>, when the caller did not ask for detection anyway.</summary>
    private static VerificationOutcome AnsweredByManifest(ManifestEvidence manifestEvidence, AssetFormat format, string mimeType,
        C2paValidationResult embedded, AigcLabel? xmpLabel, string? xmpSourceType, bool uploaderDeclaresAi, string contentHash)
    {
        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, null, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        return new VerificationOutcome(decision, format, mimeType, embedded, WatermarkDetection.None(0), null, null, null,
            xmpLabel, contentHash, null, WatermarkSkipped: true);
    }

    /// <summary>The embedded manifest as evidence, or null without one; shared by the image, video and audio paths.</summary>
    private async Task<ManifestEvidence?> ReadManifestEvidenceAsync(
        C2paValidationResult embedded, IProvenanceRecords? records, CancellationToken cancellationToken)
    {
        if (!embedded.HasManifest)
        {
            return null;
        }
        // A generator key revoked after signing reaches the file through its stored record.
        string? storeRevocation = null;
        if (records is not null && embedded.ActiveManifestLabel is { } label)
        {
            using var stage = PipelineStages.Start(PipelineStages.Verify, PipelineStages.Store);
            storeRevocation = (await records.FindByManifestIdAsync(label, cancellationToken).ConfigureAwait(false))?.Revocation;
        }
        return ManifestEvidenceReader.FromEmbedded(embedded, storeRevocation, _signerRevocationReason);
    }

    /// <summary>
    /// A "missing" verdict on content that could not hold a mark says so, with <paramref name="why"/> (asked only for
    /// a missing verdict): audio too short or silent (a 1.5 s WebM clip read "no watermark" like a long unmarked
    /// recording), a clip too small to mark. No mark could have been read, which a platform weighs differently from a
    /// mark that was looked for and not found.
    /// </summary>
    private static Decision NoteUnmarkable(Decision decision, Func<string?> why) =>
        decision.Verdict == Verdict.Missing && why() is { } reason
            ? decision with { VerdictReason = $"{decision.VerdictReason} No watermark could be read: {reason}." }
            : decision;
}
