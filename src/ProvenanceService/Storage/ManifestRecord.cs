namespace ProvenanceService.Storage;

/// <summary>
/// What the store keeps of a signed file, so that provenance can be recovered from the watermark alone after
/// the file's metadata was stripped.
/// </summary>
/// <param name="ManifestId">The active manifest's label, <c>urn:c2pa:&lt;uuid&gt;</c>.</param>
/// <param name="WatermarkId">The 64-bit watermark ID as 16 lower-case hex digits; unique.</param>
/// <param name="ContentHash">SHA-256 (lower-case hex) of the signed file as it left the service.</param>
/// <param name="Fingerprint">The perceptual fingerprint of the signed pixels.</param>
/// <param name="GeneratorName">The generator identity that signed (from its API key).</param>
/// <param name="GeneratorKeyHash">SHA-256 of the API key used, so that revoking the key reaches its files.</param>
/// <param name="SignerThumbprint">SHA-256 of the signing certificate (hex), so that revoking it reaches its files.</param>
/// <param name="MimeType">The signed file's format.</param>
/// <param name="ManifestStore">The C2PA manifest store (JUMBF) exactly as embedded.</param>
/// <param name="ManifestJson">The manifest as JSON, for auditors.</param>
/// <param name="CreatedAt">When Sign stored it (UTC).</param>
/// <param name="PromptDigest">SHA-256 of the prompt, when the generator gave one: kept for audits, never embedded.</param>
internal sealed record ManifestRecord(
    string ManifestId,
    string WatermarkId,
    string ContentHash,
    byte[] Fingerprint,
    string GeneratorName,
    string GeneratorKeyHash,
    string SignerThumbprint,
    string MimeType,
    byte[] ManifestStore,
    string ManifestJson,
    DateTimeOffset CreatedAt,
    byte[]? PromptDigest = null);
