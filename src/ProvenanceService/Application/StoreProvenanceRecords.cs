using Provenance.Core.Verification;
using ProvenanceService.Auth;
using ProvenanceService.Storage;

namespace ProvenanceService.Application;

/// <summary>The service's store as the Verify pipeline sees it, with generator-key revocations applied.</summary>
internal sealed class StoreProvenanceRecords(IManifestStore store, ClientRegistry registry) : IProvenanceRecords
{
    public async Task<StoredProvenance?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        ToProvenance(await store.FindByWatermarkIdAsync(watermarkId, cancellationToken).ConfigureAwait(false));

    public async Task<StoredProvenance?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        ToProvenance(await store.FindByManifestIdAsync(manifestId, cancellationToken).ConfigureAwait(false));

    private StoredProvenance? ToProvenance(ManifestRecord? record) => record is null
        ? null
        : new StoredProvenance(record.ManifestId, record.WatermarkId, record.Fingerprint, record.ManifestStore,
            registry.GeneratorRevocation(record.GeneratorKeyHash), record.CreatedAt, record.GeneratorName);
}
