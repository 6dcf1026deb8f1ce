namespace ProvenanceService.Storage;

/// <summary>
/// One line of the append-only audit log: every Sign call, successful or not (the labeling rules ask for logs
/// to be kept for at least six months). Outcome is "ok" or the gRPC status name of the failure.
/// </summary>
internal sealed record SignAuditEntry(
    DateTimeOffset At,
    string Generator,
    string Outcome,
    string? ManifestId,
    string? WatermarkId,
    string? ContentHash,
    long InputBytes,
    string? Detail);
