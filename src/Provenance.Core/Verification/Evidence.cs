using Provenance.Core.Labeling;

namespace Provenance.Core.Verification;

/// <summary>Everything Verify found in and about one file, gathered before the verdict is decided.</summary>
/// <param name="Manifest">The embedded C2PA manifest's validation, or null when the file holds none.</param>
/// <param name="Watermark">The detected watermark, or null when none was detected.</param>
/// <param name="XmpLabel">The unsigned GB 45438 label in the file's XMP, if any.</param>
/// <param name="XmpDigitalSourceType">The unsigned IPTC digital source type in the file's XMP, if any.</param>
/// <param name="UploaderDeclaresAi">The uploader's own declaration that the content is AI-generated.</param>
public sealed record Evidence(
    ManifestEvidence? Manifest,
    WatermarkEvidence? Watermark,
    AigcLabel? XmpLabel,
    string? XmpDigitalSourceType,
    bool UploaderDeclaresAi);

/// <summary>The embedded manifest as the C2PA validator judged it.</summary>
/// <param name="Trusted">The signer chains to a trust anchor (C2PA state Trusted) and the manifest is well-formed.</param>
/// <param name="Intact">Signature and hashes hold: no failure of the integrity class (FailureClasses); a credential or conformance failure leaves it true.</param>
/// <param name="FailureCodes">The validator's failure codes, for reasons.</param>
/// <param name="Revocation">Why the signer or generator is revoked, when it is.</param>
/// <param name="SoftBindingWatermarkId">The watermark ID the manifest's soft binding names, when it has ours.</param>
/// <param name="SignedLabel">The AIGC label inside the signed manifest, when it has one.</param>
/// <param name="DigitalSourceType">The digital source type of the manifest's c2pa.created action, if any.</param>
public sealed record ManifestEvidence(
    bool Trusted,
    bool Intact,
    IReadOnlyList<string> FailureCodes,
    string? Revocation,
    string? SoftBindingWatermarkId,
    AigcLabel? SignedLabel,
    string? DigitalSourceType);

/// <summary>A detected watermark and, when the store was consulted and knows its ID, the stored record.</summary>
/// <param name="Id">The detected 64-bit ID (hex).</param>
/// <param name="Record">The stored record, or null when the ID did not resolve.</param>
/// <param name="StoreConsulted">False when verification ran offline, without the store.</param>
public sealed record WatermarkEvidence(string Id, StoredRecordEvidence? Record, bool StoreConsulted);

/// <summary>The stored record a watermark ID resolved to, compared with the upload.</summary>
/// <param name="FingerprintMatches">The upload's perceptual fingerprint matches the stored one.</param>
/// <param name="ManifestTrusted">The stored manifest still validates (signature, chain to a trust anchor).</param>
/// <param name="Revocation">Why the record's generator key or signer is revoked, when it is.</param>
/// <param name="Label">The AIGC label written at Sign time.</param>
public sealed record StoredRecordEvidence(bool FingerprintMatches, bool ManifestTrusted, string? Revocation, AigcLabel? Label);
