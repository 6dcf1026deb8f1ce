using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProvenanceService.Storage;

namespace ProvenanceService.Hosting;

/// <summary>
/// The store can serve: it reports no problem of its own (<see cref="IManifestStore.Problem"/>: a SQLite file
/// deleted or replaced under the service, a database server that stopped answering) and it answers a point
/// lookup of a manifest id no record can have (stored ids are <c>urn:c2pa:</c> UUIDs). grpc.health.v1 reports
/// NOT_SERVING for the service while it fails, so that a load balancer stops sending calls that could not store
/// their results.
/// </summary>
internal sealed class StoreHealthCheck(IManifestStore store) : IHealthCheck
{
    private const string ProbeId = "urn:c2pa:health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Problem is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }
        try
        {
            await store.FindByManifestIdAsync(ProbeId, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer: " + e.Message, e);
        }
    }
}
