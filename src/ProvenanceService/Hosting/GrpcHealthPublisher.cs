using Microsoft.Extensions.Diagnostics.HealthChecks;
using Provenance.Contracts.V1;
using Provenance.Grpc.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Hosting;

/// <summary>
/// Carries the ASP.NET health checks (the store's: Storage/StoreHealthCheck.cs) into gRPC health: NOT_SERVING
/// while any check is unhealthy, SERVING again when all pass. Runs once a second (the publisher's shortest period).
/// </summary>
internal sealed class GrpcHealthPublisher(GrpcHealthService health, ILogger<GrpcHealthPublisher> logger) : IHealthCheckPublisher
{
    private ServingStatus? _last;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var status = report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
        if (status != _last)
        {
            if (status == ServingStatus.NotServing)
            {
                logger.LogError("Health: NOT_SERVING: {Problems}",
                    string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}")));
            }
            else if (_last is not null)
            {
                logger.LogInformation("Health: SERVING again");
            }
            _last = status;
        }
        health.SetStatus("", status);
        health.SetStatus(ProvenanceMethods.Service.FullName, status);
        return Task.CompletedTask;
    }
}
