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
        if (!detectWhenBound && BoundByManifest(manifestEvidence, embedded))
        {
            return AnsweredByManifest(manifestEvidence!, format.Format, format.MimeType, embedded, xmpLabel, xmpSourceType, uploaderDeclaresAi, contentHash);
        }

        // Audio that does not decode is malformed input unless a manifest was found (as for images and video).
        (PcmAudio Audio, AudioWatermarkDetection Found)? decoded = null;
        string? sampleError = null;
        try
        {
            var (audio, found, _) = DecodeAndDetect(media.Span, probe: false);
            decoded = (audio, found);
        }
        catch (InvalidMediaException e) when (embedded.HasManifest && e.Error is MediaError.Corrupt or MediaError.Truncated)
        {
            sampleError = e.Message;
        }
        var (detection, mark) = decoded is not { } sound
            ? (WatermarkDetection.None(0), ResolvedWatermark.None)
            : await ResolveAudioMarkAsync(sound.Audio, sound.Found, manifestEvidence, records, cancellationToken).ConfigureAwait(false);
        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, mark.Evidence, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        if (decoded is { } heard)
        {
            decision = NoteUnmarkable(decision, () => _audioWatermark!.CannotEmbed(heard.Audio));
        }
        return new VerificationOutcome(decision, format.Format, format.MimeType, embedded, detection, mark.Stored, mark.StoredValidation,
            mark.Fingerprint, xmpLabel, contentHash, sampleError);
    }

    /// <summary>
    /// Audio in a container without a C2PA embedding (Ogg Vorbis or Opus, WebM, AAC, AIFF and the other audio
    /// demuxers of <see cref="AudioReencoder.DemuxerWhitelist"/>): there is no manifest to validate and no label to
    /// read, so the watermark and the records are the only evidence. Throws UnsupportedFormat when ffprobe finds no
    /// audio in it either.
    /// </summary>
    private async Task<VerificationOutcome> VerifyDecodableAudioAsync(ReadOnlyMemory<byte> media, string? declaredMimeType, bool uploaderDeclaresAi,
        IProvenanceRecords? records, CancellationToken cancellationToken)
    {
        _limits.CheckFileSize(media.Length);
        PcmAudio audio;
        AudioWatermarkDetection found;
        AudioStreamInfo info;
        try
        {
            (audio, found, var probed) = DecodeAndDetect(media.Span, probe: true);
            info = probed!;
        }
        catch (InvalidMediaException e) when (e.Error is MediaError.Corrupt)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat,
                $"The file is not a {AssetHandlers.Describe(MediaKind.Image)} image, a {AssetHandlers.Describe(MediaKind.Video)} video, or audio in a container this service reads.");
        }
        var mimeType = DecodableAudio.MimeType(info.Container);
        if (!string.IsNullOrWhiteSpace(declaredMimeType) && !declaredMimeType.TrimStart().StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidMediaException(MediaError.FormatMismatch, $"The declared type does not match the content, which is {mimeType}.");
        }
        var (detection, mark) = await ResolveAudioMarkAsync(audio, found, null, records, cancellationToken).ConfigureAwait(false);
        var decision = NoteUnmarkable(VerdictPolicy.Decide(new Evidence(null, mark.Evidence, null, null, uploaderDeclaresAi)),
            () => _audioWatermark!.CannotEmbed(audio));
        decision = decision with { VerdictReason = $"{decision.VerdictReason} {DecodableAudio.NoEmbedding(info.Container)}" };
        return new VerificationOutcome(decision, AssetFormat.OtherAudio, mimeType, new C2paValidationResult { HasManifest = false }, detection,
            mark.Stored, mark.StoredValidation, mark.Fingerprint, null, Convert.ToHexStringLower(SHA256.HashData(media.Span)), null);
    }

    /// <summary>The audio detection as a verdict reports it, and what the records say of the ID it found.</summary>
    private async Task<(WatermarkDetection Detection, ResolvedWatermark Resolved)> ResolveAudioMarkAsync(PcmAudio audio, AudioWatermarkDetection found,
        ManifestEvidence? manifestEvidence, IProvenanceRecords? records, CancellationToken cancellationToken)
    {
        var detection = AsWatermarkDetection(found);
        var resolved = detection is { Detected: true, Id: { } id }
            ? await ResolveWatermarkAsync(WatermarkIds.Format(id), manifestEvidence, records,
                stored => MatchAudioFingerprint(stored, audio, found.SpeedFactor), cancellationToken).ConfigureAwait(false)
            : ResolvedWatermark.None;
        return (detection, resolved);
    }

    /// <summary>
    /// The first <see cref="IAudioWatermark.DetectionSeconds"/> of the first audio stream as one channel at
    /// <see cref="IAudioWatermark.DetectionSampleRate"/> (<see cref="AudioReencoder.StartDecodeMono"/>), through a
    /// temporary file (ffmpeg needs to seek in M4A), and the watermark search on it, which reads each 10-second segment
    /// as soon as ffmpeg has decoded it rather than after the whole; with <paramref name="probe"/>, also the stream as
    /// the file declares it, from an ffprobe run beside the decode (only the containers without a manifest need it, for
    /// their name). A decode that fails throws as it would have before any search.
    /// </summary>
    private (PcmAudio Audio, AudioWatermarkDetection Found, AudioStreamInfo? Info) DecodeAndDetect(ReadOnlySpan<byte> media, bool probe)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-verify-");
        Task<AudioStreamInfo>? probing = null;
        try
        {
            var path = Path.Combine(directory.FullName, "upload");
            File.WriteAllBytes(path, media);
            // Verify reads the first 45 s whatever the file's length, so the probe does not hold it to the length limit.
            probing = probe ? Task.Run(() => AudioReencoder.Probe(path, _limits with { MaxVideoSeconds = double.MaxValue })) : null;
            using var stage = PipelineStages.Start(PipelineStages.Verify, PipelineStages.Decode);
            using var decode = AudioReencoder.StartDecodeMono(path, IAudioWatermark.DetectionSampleRate, IAudioWatermark.DetectionSeconds);
            AudioWatermarkDetection found;
            using (PipelineStages.Start(PipelineStages.Verify, PipelineStages.WatermarkDetect))
            {
                found = _audioWatermark!.Detect(decode);
            }
            var audio = decode.Complete();
            return (audio, found, probing?.GetAwaiter().GetResult());
        }
        finally
        {
            // The probe may still be reading the file when the decode failed.
            try
            {
                probing?.Wait();
            }
            catch (AggregateException)
            {
                // When the decode succeeded, a probe error was already thrown by GetResult; when it failed, its own is reported.
            }
            directory.Delete(recursive: true);
        }
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

    /// <summary>
    /// The upload against the stored audio fingerprint (an audio file's, or a marked clip's audio track's); a record
    /// without one (an image's, a clip whose track was not marked) cannot tie the ID to this sound.
    /// </summary>
    private static FingerprintMatch MatchAudioFingerprint(StoredProvenance stored, PcmAudio upload, double speedFactor)
    {
        AudioFingerprint fingerprint;
        try
        {
            fingerprint = AudioFingerprint.FromBytes(CombinedFingerprint.AudioPart(stored.Fingerprint));
        }
        catch (FormatException)
        {
            return new FingerprintMatch(0, false, 0);
        }
        return AudioFingerprintMatcher.Match(fingerprint, upload, speedFactor);
    }
}
