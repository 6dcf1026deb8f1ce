using System.Security.Cryptography;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Core.Verification;

/// <summary>
/// The Verify pipeline for audio (WAV, MP3, FLAC, M4A): the embedded manifest validated with its hard binding, the
/// AIGC label read from the format's XMP, and, unless the binding holds, the audio watermark looked for in the first
/// <see cref="IAudioWatermark.DetectionSeconds"/> of the sound. A watermark found without a sound manifest is resolved
/// through the records as for images and video: <c>recovered</c> only when the upload matches the stored
/// <see cref="AudioFingerprint"/>, so an ID moved onto other audio is not provenance. Without a scheme configured
/// the reason says the audio was not checked. Files are held in memory (<see cref="MediaLimits.MaxFileBytes"/>).
/// </summary>
public sealed partial class ContentVerifier
{
    /// <summary>Appended to every audio verdict reason when no audio watermark scheme is configured.</summary>
    public const string AudioWatermarkNotChecked = "No audio watermark detector is configured, so the audio was not checked for a watermark.";

    private async Task<VerificationOutcome> VerifyAudioAsync(ReadOnlyMemory<byte> media, IMediaFormat format, string? declaredMimeType,
        bool uploaderDeclaresAi, IProvenanceRecords? records, CancellationToken cancellationToken, bool detectWhenBound)
    {
        _limits.CheckFileSize(media.Length);
        AssetHandlers.CheckDeclared(format, declaredMimeType);
        C2paValidationResult embedded;
        string? xmp;
        using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.ManifestValidate))
        {
            if (format is BmffFormat)
            {
                using var stream = new MemoryStream(media.ToArray(), writable: false);
                embedded = _validator.Validate(stream);
                stream.Position = 0;
                xmp = BmffHandler.ReadXmp(stream, BmffTree.Read(stream));
            }
            else
            {
                embedded = _validator.Validate(media.Span);
                xmp = ((IAssetHandler)format).ReadXmp(media.Span);
            }
        }
        var (xmpLabel, xmpSourceType) = AigcMetadata.Read(xmp);
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(media.Span));

        var manifestEvidence = await ReadManifestEvidenceAsync(embedded, records, cancellationToken).ConfigureAwait(false);
        if (_audioWatermark is null)
        {
            var notChecked = VerdictPolicy.Decide(new Evidence(manifestEvidence, null, xmpLabel, xmpSourceType, uploaderDeclaresAi));
            notChecked = notChecked with { VerdictReason = $"{notChecked.VerdictReason} {AudioWatermarkNotChecked}" };
            return new VerificationOutcome(notChecked, format.Format, format.MimeType, embedded, WatermarkDetection.None(0), null, null, null,
                xmpLabel, contentHash, null);
        }
        var bound = manifestEvidence is { Trusted: true } && (embedded.ActiveManifest.HasCode(StatusCodes.AssertionDataHashMatch)
            || embedded.ActiveManifest.HasCode(StatusCodes.AssertionBmffHashMatch));
        if (bound && !detectWhenBound)
        {
            var decided = VerdictPolicy.Decide(new Evidence(manifestEvidence, null, xmpLabel, xmpSourceType, uploaderDeclaresAi));
            return new VerificationOutcome(decided, format.Format, format.MimeType, embedded, WatermarkDetection.None(0), null, null, null,
                xmpLabel, contentHash, null, WatermarkSkipped: true);
        }

        // Audio that does not decode is malformed input unless a manifest was found (as for images and video).
        PcmAudio? audio = null;
        string? sampleError = null;
        try
        {
            using var stage = PipelineStages.Start(PipelineStages.Verify, PipelineStages.Decode);
            audio = DecodeForDetection(media.Span);
        }
        catch (InvalidMediaException e) when (embedded.HasManifest && e.Error is MediaError.Corrupt or MediaError.Truncated)
        {
            sampleError = e.Message;
        }
        var found = audio is null ? null : Detect(audio);
        var detection = found is null ? WatermarkDetection.None(0) : AsWatermarkDetection(found);
        var watermarkId = detection is { Detected: true, Id: { } id } ? WatermarkIds.Format(id) : null;

        StoredProvenance? stored = null;
        C2paValidationResult? storedValidation = null;
        FingerprintMatch? fingerprintMatch = null;
        WatermarkEvidence? watermark = null;
        if (watermarkId is not null && audio is not null)
        {
            StoredRecordEvidence? recordEvidence = null;
            // With a sound embedded manifest that names this very ID, the store adds nothing to the verdict.
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
                        fingerprintMatch = MatchAudioFingerprint(stored, audio, found!.SpeedFactor);
                    }
                    recordEvidence = RecordEvidence(stored, storedValidation, fingerprintMatch.Matches);
                }
            }
            watermark = new WatermarkEvidence(watermarkId, recordEvidence, StoreConsulted: records is not null);
        }
        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, watermark, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        return new VerificationOutcome(decision, format.Format, format.MimeType, embedded, detection, stored, storedValidation,
            fingerprintMatch, xmpLabel, contentHash, sampleError);
    }

    /// <summary>The first <see cref="IAudioWatermark.DetectionSeconds"/> of the first audio stream, through a temporary file (ffmpeg needs to seek in M4A).</summary>
    private PcmAudio DecodeForDetection(ReadOnlySpan<byte> media)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-verify-");
        try
        {
            var path = Path.Combine(directory.FullName, "upload");
            File.WriteAllBytes(path, media);
            var info = AudioReencoder.Probe(path, _limits);
            return AudioReencoder.Decode(path, info, _limits, IAudioWatermark.DetectionSeconds);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private AudioWatermarkDetection? Detect(PcmAudio audio)
    {
        using var stage = PipelineStages.Start(PipelineStages.Verify, PipelineStages.WatermarkDetect);
        return _audioWatermark!.Detect(audio);
    }

    /// <summary>
    /// The audio detection in the shape every verdict reports: the pilot's z-score, the corrected bit errors, and the
    /// speed factor in place of an image's scale (1.02: the audio was sped up by 2%); confidence is the share of coded
    /// bits that agreed with the decoded ID, mapped to a correlation.
    /// </summary>
    private static WatermarkDetection AsWatermarkDetection(AudioWatermarkDetection found) =>
        found.Detected
            ? new WatermarkDetection(true, found.Id, Math.Max(0, 1 - (2.0 * found.BitErrorsCorrected / Watermark.Coding.PayloadCodec.CodedBits)),
                found.PilotZ, found.BitErrorsCorrected, found.SpeedFactor, 0)
            : WatermarkDetection.None(found.PilotZ);

    /// <summary>The upload against the stored audio fingerprint; a record without one (an image's or a clip's) cannot tie the ID to this sound.</summary>
    private static FingerprintMatch MatchAudioFingerprint(StoredProvenance stored, PcmAudio upload, double speedFactor)
    {
        AudioFingerprint fingerprint;
        try
        {
            fingerprint = AudioFingerprint.FromBytes(stored.Fingerprint);
        }
        catch (FormatException)
        {
            return new FingerprintMatch(0, false, 0);
        }
        return AudioFingerprintMatcher.Match(fingerprint, upload, speedFactor);
    }
}
