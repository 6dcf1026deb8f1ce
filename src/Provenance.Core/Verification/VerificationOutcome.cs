using Provenance.Core.C2pa.Validation;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Core.Verification;

/// <summary>Everything Verify found and concluded about one file.</summary>
/// <param name="Decision">The verdict and the AIGC label to display, with reasons.</param>
/// <param name="Embedded">The embedded manifest's validation (HasManifest false when there is none).</param>
/// <param name="Watermark">The blind watermark detection.</param>
/// <param name="Stored">The stored record the watermark resolved to, if any.</param>
/// <param name="StoredValidation">The stored manifest's validation, when a record was found.</param>
/// <param name="FingerprintMatch">The upload compared with the stored fingerprint, when a record was found.</param>
/// <param name="XmpLabel">The unsigned AIGC label in XMP, if any.</param>
/// <param name="ContentHash">SHA-256 of the upload, lower-case hex.</param>
/// <param name="PixelError">Why the pixels could not be decoded (no watermark check was possible), or null.</param>
/// <param name="WatermarkSkipped">Detection was not run because the manifest's hard binding holds (see ContentVerifier).</param>
public sealed record VerificationOutcome(
    Decision Decision,
    AssetFormat Format,
    string MimeType,
    C2paValidationResult Embedded,
    WatermarkDetection Watermark,
    StoredProvenance? Stored,
    C2paValidationResult? StoredValidation,
    FingerprintMatch? FingerprintMatch,
    AigcLabel? XmpLabel,
    string ContentHash,
    string? PixelError,
    bool WatermarkSkipped = false)
{
    /// <summary>The manifest the verdict rests on: the embedded one when present, else the stored one.</summary>
    public ManifestSummary? Summary => Embedded.HasManifest ? Embedded.Summary : StoredValidation?.Summary;

    /// <summary>The detected watermark ID as 16 hex digits, or null.</summary>
    public string? WatermarkId => Watermark is { Detected: true, Id: { } id } ? WatermarkIds.Format(id) : null;
}
