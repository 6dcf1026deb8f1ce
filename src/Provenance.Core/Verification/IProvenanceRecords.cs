namespace Provenance.Core.Verification;

/// <summary>
/// Where Verify looks up what Sign stored: the service's own store, or the service seen from the CLI through
/// GetManifest. Offline verification has none.
/// </summary>
public interface IProvenanceRecords
{
    Task<StoredProvenance?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken);

    Task<StoredProvenance?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken);
}

/// <summary>A stored record as Verify needs it.</summary>
/// <param name="Fingerprint">The perceptual fingerprint of the signed pixels.</param>
/// <param name="ManifestStore">The manifest store exactly as embedded at Sign time.</param>
/// <param name="Revocation">Why the generator key that signed it is revoked, when it is.</param>
public sealed record StoredProvenance(
    string ManifestId,
    string WatermarkId,
    byte[] Fingerprint,
    byte[] ManifestStore,
    string? Revocation,
    DateTimeOffset CreatedAt,
    string Generator);
