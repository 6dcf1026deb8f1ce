using System.Security.Cryptography;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Signing;
using Provenance.Core.Video;
using Provenance.Core.Watermark;

namespace Provenance.Core.Verification;

/// <summary>
/// The Verify pipeline for MP4 and MOV: the manifest validated in place (<c>c2pa.hash.bmff</c>), the AIGC XMP read
/// from its <c>uuid</c> box, and, unless the hard binding holds, the frame watermark looked for in sampled keyframes
/// (<see cref="VideoWatermarkDetector"/>). A watermark found without a sound manifest is resolved through the records
/// as for an image: <c>recovered</c> only when a segment of the upload matches the stored clip's
/// <see cref="ClipFingerprint"/>, so an ID copied onto another clip is not provenance.
/// </summary>
public sealed partial class ContentVerifier
{
    /// <summary>Verifies a clip held in memory by spooling it to a temporary file (<see cref="VerifyVideoFileAsync"/>).</summary>
    private async Task<VerificationOutcome> VerifyVideoAsync(ReadOnlyMemory<byte> media, string? declaredMimeType, bool uploaderDeclaresAi,
        IProvenanceRecords? records, CancellationToken cancellationToken, bool detectWhenBound)
    {
        _limits.CheckVideoSize(media.Length);
        var directory = Directory.CreateTempSubdirectory("provenance-verify-");
        try
        {
            var path = Path.Combine(directory.FullName, "upload");
            using (var spool = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                spool.Write(media.Span);
            }
            return await VerifyVideoFileAsync(path, declaredMimeType, uploaderDeclaresAi, records, cancellationToken, detectWhenBound).ConfigureAwait(false);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Verifies the MP4 or MOV file at <paramref name="path"/> (size checked against
    /// <see cref="MediaLimits.MaxVideoBytes"/>, duration against <see cref="MediaLimits.MaxVideoSeconds"/> before any
    /// frame is decoded). Throws <see cref="InvalidMediaException"/> for a file that is not such a video.
    /// </summary>
    public async Task<VerificationOutcome> VerifyVideoFileAsync(string path, string? declaredMimeType, bool uploaderDeclaresAi,
        IProvenanceRecords? records, CancellationToken cancellationToken, bool detectWhenBound = true)
    {
        _limits.CheckVideoSize(new FileInfo(path).Length);
        C2paValidationResult embedded;
        string contentHash;
        string? xmp;
        BmffFormat format;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            Span<byte> header = stackalloc byte[AssetHandlers.SignatureLength];
            var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            format = AssetHandlers.DetectFormat(header[..read]) as BmffFormat is { Kind: MediaKind.Video } video
                ? video
                : throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The file is not a {AssetHandlers.Describe(MediaKind.Video)} video.");
            AssetHandlers.CheckDeclared(format, declaredMimeType);
            embedded = _validator.Validate(file);
            file.Position = 0;
            xmp = BmffHandler.ReadXmp(file, BmffTree.Read(file));
            file.Position = 0;
            contentHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
        var (xmpLabel, xmpSourceType) = AigcMetadata.Read(xmp);

        var manifestEvidence = await ReadManifestEvidenceAsync(embedded, records, cancellationToken).ConfigureAwait(false);
        if (!detectWhenBound && BoundByManifest(manifestEvidence, embedded))
        {
            return AnsweredByManifest(manifestEvidence!, format.Format, format.MimeType, embedded, xmpLabel, xmpSourceType, uploaderDeclaresAi, contentHash);
        }

        // Frames that do not decode are malformed input unless a manifest was found (as for images).
        VideoDetection? sampled = null;
        string? pixelError = null;
        try
        {
            sampled = new VideoWatermarkDetector(_watermarker).Detect(path, _limits);
        }
        catch (InvalidMediaException e) when (embedded.HasManifest && e.Error is MediaError.Corrupt or MediaError.Truncated)
        {
            pixelError = e.Message;
        }
        var detection = sampled?.Detection ?? WatermarkDetection.None(0);
        var watermarkId = detection is { Detected: true, Id: { } id } ? WatermarkIds.Format(id) : null;

        var resolved = watermarkId is null
            ? ResolvedWatermark.None
            : await ResolveWatermarkAsync(watermarkId, manifestEvidence, records,
                stored => MatchClipFingerprint(stored, path, VideoProbe.Probe(path, _limits), cancellationToken), cancellationToken).ConfigureAwait(false);
        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, resolved.Evidence, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        // Sign leaves a clip too small or odd-sized to mark unmarked.
        decision = NoteUnmarkable(decision, () => Unmarkable(path));
        return new VerificationOutcome(decision, format.Format, format.MimeType, embedded, detection, resolved.Stored, resolved.StoredValidation,
            resolved.Fingerprint, xmpLabel, contentHash, pixelError);
    }

    /// <summary>Why the clip's frames could not carry a mark, or null (also when ffprobe cannot say: the note is optional).</summary>
    private string? Unmarkable(string path)
    {
        try
        {
            return VideoWatermarker.Unmarkable(VideoProbe.Probe(path, _limits))?.Reason;
        }
        catch (InvalidMediaException)
        {
            return null;
        }
    }

    /// <summary>
    /// A segment of the upload against the stored clip fingerprint. A record without one (an image's, or a clip signed
    /// before clips were fingerprinted) cannot tie the ID to this upload: no match, as for an unreadable image fingerprint.
    /// </summary>
    private static FingerprintMatch MatchClipFingerprint(StoredProvenance stored, string path, VideoInfo info, CancellationToken cancellationToken)
    {
        ClipFingerprint fingerprint;
        try
        {
            fingerprint = ClipFingerprint.FromBytes(CombinedFingerprint.ClipPart(stored.Fingerprint));
        }
        catch (FormatException)
        {
            return new FingerprintMatch(0, false, 0);
        }
        var segment = ClipSampler.Segment(path, info, fingerprint, cancellationToken);
        return segment.Count == 0 ? new FingerprintMatch(0, false, 0) : ClipFingerprintMatcher.Match(fingerprint, segment);
    }
}
