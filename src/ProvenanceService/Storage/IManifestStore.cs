namespace ProvenanceService.Storage;

/// <summary>
/// The service's persistent state: manifests by manifest and watermark ID, verification reports, the Sign
/// audit log, and the revocations replicas share. Every write is durable when its task completes, so a caller
/// told "saved" can rely on it after a crash. SQLite (Storage/Sqlite) is the embedded implementation;
/// PostgreSQL (Storage/Postgres) serves several replicas. Both run the same contract tests
/// (tests/ProvenanceService.Tests/Storage/ManifestStoreContract.cs).
/// </summary>
/// <remarks>
/// Faults that are not the caller's are thrown as the types in Storage/Faults (full, unavailable, lost), never
/// as the driver's own exceptions; a cancelled token ends the call with <see cref="OperationCanceledException"/>
/// and a cancelled write stores nothing.
/// </remarks>
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

    /// <summary>
    /// Records a revocation unless one of the same kind and key is stored already (that one is kept);
    /// returns whether this call added it.
    /// </summary>
    Task<bool> AddRevocationAsync(StoredRevocation revocation, CancellationToken cancellationToken);

    /// <summary>Every stored revocation (a short list: credentials are revoked rarely).</summary>
    Task<IReadOnlyList<StoredRevocation>> ListRevocationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Null while the store can serve; otherwise why it cannot (e.g. the database file was deleted), for the
    /// health check. Cheap: no round trip to the database.
    /// </summary>
    string? Problem { get; }
}
