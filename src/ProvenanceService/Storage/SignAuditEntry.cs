using Provenance.Core.Text;

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
    string? Detail)
{
    /// <summary>Longest detail kept: it quotes the caller (model name, the reason a request was refused).</summary>
    public const int MaxDetailLength = 1024;

    /// <summary>Escaped and bounded (<see cref="LogText"/>): the audit log is read on terminals and by tools.</summary>
    public string? Detail { get; init; } = Detail is null ? null : LogText.Escape(Detail, MaxDetailLength);
}
