using System.Security.Cryptography;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Core.Verification;

/// <summary>
/// The Verify pipeline for audio (WAV, MP3, FLAC, M4A): the embedded manifest validated with its hard binding, the
/// AIGC label read from the format's XMP. No audio watermark detector is configured yet, so the evidence is the
/// manifest and the label only: a stripped file is <c>missing</c> or <c>declared</c>, never <c>recovered</c>, and the
/// verdict reason says the watermark was not checked. Files are held in memory (<see cref="MediaLimits.MaxFileBytes"/>).
/// </summary>
public sealed partial class ContentVerifier
{
    /// <summary>Appended to every audio verdict reason while no audio watermark detector is configured.</summary>
    public const string AudioWatermarkNotChecked = "No audio watermark detector is configured, so the audio was not checked for a watermark.";

    private async Task<VerificationOutcome> VerifyAudioAsync(ReadOnlyMemory<byte> media, IMediaFormat format, string? declaredMimeType,
        bool uploaderDeclaresAi, IProvenanceRecords? records, CancellationToken cancellationToken)
    {
        _limits.CheckFileSize(media.Length);
        AssetHandlers.CheckDeclared(format, declaredMimeType);
        C2paValidationResult embedded;
        string? xmp;
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
        var (xmpLabel, xmpSourceType) = AigcMetadata.Read(xmp);
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(media.Span));

        var manifestEvidence = await ReadManifestEvidenceAsync(embedded, records, cancellationToken).ConfigureAwait(false);
        var decision = VerdictPolicy.Decide(new Evidence(manifestEvidence, null, xmpLabel, xmpSourceType, uploaderDeclaresAi));
        decision = decision with { VerdictReason = $"{decision.VerdictReason} {AudioWatermarkNotChecked}" };
        return new VerificationOutcome(decision, format.Format, format.MimeType, embedded, WatermarkDetection.None(0), null, null, null,
            xmpLabel, contentHash, null);
    }
}
