using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProvenanceService.Storage;

/// <summary>
/// The store's part of the service's health: unhealthy (gRPC health NOT_SERVING) while the store says it cannot
/// serve, e.g. its database file was deleted or the database server is out of reach.
/// </summary>
internal sealed class StoreHealthCheck(IManifestStore store) : IHealthCheck
{
    public const string Name = "store";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}
