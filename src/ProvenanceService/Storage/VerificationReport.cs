using Provenance.Core.Text;

namespace ProvenanceService.Storage;

/// <summary>
/// A Verify outcome kept for auditors: every verdict other than verified is recorded. Verdict and label use
/// the contract's wire names (e.g. "missing", "1").
/// </summary>
internal sealed record VerificationReport(
    string ReportId,
    DateTimeOffset CreatedAt,
    string Platform,
    string ContentHash,
    string Verdict,
    IReadOnlyList<string> StatusCodes,
    string? WatermarkId,
    string? ManifestId,
    string MimeType,
    string? AigcLabel)
{
    /// <summary>The manifest's label as the uploaded file wrote it: escaped and bounded (<see cref="LogText"/>).</summary>
    public string? ManifestId { get; init; } = ManifestId is null ? null : LogText.Escape(ManifestId);
}
