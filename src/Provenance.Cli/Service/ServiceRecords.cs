using Provenance.Contracts.V1;
using Provenance.Core.Verification;
using Grpc.Core;

namespace Provenance.Cli.Service;

/// <summary>The service's store seen through GetManifest, so `verify --server` can resolve watermark IDs.</summary>
internal sealed class ServiceRecords(ServiceConnection connection) : IProvenanceRecords
{
    public Task<StoredProvenance?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        FindAsync(watermarkId, cancellationToken);

    public Task<StoredProvenance?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        FindAsync(manifestId, cancellationToken);

    private async Task<StoredProvenance?> FindAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await connection.Client.GetManifestAsync(new GetManifestRequest { Id = id }, connection.Options(cancellationToken));
            return new StoredProvenance(response.ManifestId, response.WatermarkId, response.Fingerprint.ToByteArray(),
                response.ManifestStore.ToByteArray(), response.Revoked ? response.RevocationReason : null,
                response.CreatedAt?.ToDateTimeOffset() ?? default, response.Generator);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
