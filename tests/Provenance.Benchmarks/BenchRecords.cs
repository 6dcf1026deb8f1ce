using Provenance.Core.Signing;
using Provenance.Core.Verification;

namespace Provenance.Benchmarks;

/// <summary>Signed files' records kept in memory, as the service's store would return them to Verify.</summary>
internal sealed class BenchRecords : IProvenanceRecords
{
    private readonly List<StoredProvenance> _records = [];

    public void Add(SignedContent signed) => _records.Add(new StoredProvenance(
        signed.ManifestId, signed.WatermarkIdHex, signed.Fingerprint, signed.ManifestStore, null, DateTimeOffset.UtcNow, "bench"));

    public Task<StoredProvenance?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.FirstOrDefault(r => r.WatermarkId == watermarkId));

    public Task<StoredProvenance?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.FirstOrDefault(r => r.ManifestId == manifestId));
}
