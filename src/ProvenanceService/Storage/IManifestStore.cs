namespace ProvenanceService.Storage;

/// <summary>
/// The service's persistent state: manifests by manifest and watermark ID, verification reports, the Sign
/// audit log. Every write is durable when its task completes, so a caller told "saved" can rely on it after a
/// crash. SQLite is the embedded implementation; a server database (PostgreSQL) can implement the same
/// contract for several replicas.
/// </summary>
internal interface IManifestStore
{
    /// <summary>
    /// Stores a new record together with its audit line, in one transaction: a signed file is never stored without
    /// its audit line or the other way round. Throws <see cref="DuplicateWatermarkIdException"/> when the ID is taken.
    /// </summary>
    Task AddSignedAsync(ManifestRecord record, SignAuditEntry audit, CancellationToken cancellationToken);

    Task<ManifestRecord?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken);

    Task<ManifestRecord?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken);

    Task AddReportAsync(VerificationReport report, CancellationToken cancellationToken);

    Task<ReportPage> ListReportsAsync(ReportQuery query, CancellationToken cancellationToken);

    /// <summary>Appends an audit line for a Sign call that stored nothing (refused or failed).</summary>
    Task AppendAuditAsync(SignAuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>A watermark ID that is already stored; the caller draws another and tries again.</summary>
internal sealed class DuplicateWatermarkIdException(string watermarkId)
    : Exception($"Watermark ID {watermarkId} is already in use.")
{
    public string WatermarkId { get; } = watermarkId;
}
