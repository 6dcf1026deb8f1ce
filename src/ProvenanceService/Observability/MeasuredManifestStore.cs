using System.Diagnostics;
using ProvenanceService.Storage;

namespace ProvenanceService.Observability;

/// <summary>
/// The configured <see cref="IManifestStore"/> with every operation timed and its faults counted
/// (<see cref="ServiceMetrics.StoreOperation"/>); behaviour, results and exceptions are the inner store's.
/// </summary>
internal sealed class MeasuredManifestStore(IManifestStore inner, ServiceMetrics metrics) : IManifestStore, IAsyncDisposable
{
    public string? Problem => inner.Problem;

    public Task AddSignedAsync(ManifestRecord record, SignAuditEntry audit, CancellationToken cancellationToken) =>
        MeasureAsync("add_signed", () => inner.AddSignedAsync(record, audit, cancellationToken));

    public Task<ManifestRecord?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        MeasureAsync("find_by_manifest_id", () => inner.FindByManifestIdAsync(manifestId, cancellationToken));

    public Task<ManifestRecord?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        MeasureAsync("find_by_watermark_id", () => inner.FindByWatermarkIdAsync(watermarkId, cancellationToken));

    public Task AddReportAsync(VerificationReport report, CancellationToken cancellationToken) =>
        MeasureAsync("add_report", () => inner.AddReportAsync(report, cancellationToken));

    public Task<ReportPage> ListReportsAsync(ReportQuery query, CancellationToken cancellationToken) =>
        MeasureAsync("list_reports", () => inner.ListReportsAsync(query, cancellationToken));

    public Task AppendAuditAsync(SignAuditEntry entry, CancellationToken cancellationToken) =>
        MeasureAsync("append_audit", () => inner.AppendAuditAsync(entry, cancellationToken));

    public Task<bool> AddRevocationAsync(StoredRevocation revocation, CancellationToken cancellationToken) =>
        MeasureAsync("add_revocation", () => inner.AddRevocationAsync(revocation, cancellationToken));

    public Task<IReadOnlyList<StoredRevocation>> ListRevocationsAsync(CancellationToken cancellationToken) =>
        MeasureAsync("list_revocations", () => inner.ListRevocationsAsync(cancellationToken));

    /// <summary>The container disposes this wrapper, not the store it wraps: pass that on.</summary>
    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private async Task MeasureAsync(string operation, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            metrics.StoreOperation(operation, Stopwatch.GetElapsedTime(started), e);
            throw;
        }
        metrics.StoreOperation(operation, Stopwatch.GetElapsedTime(started), null);
    }

    private async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        T result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            metrics.StoreOperation(operation, Stopwatch.GetElapsedTime(started), e);
            throw;
        }
        metrics.StoreOperation(operation, Stopwatch.GetElapsedTime(started), null);
        return result;
    }
}
