using System.Data.Common;

namespace ProvenanceService.Storage;

/// <summary>
/// Turns a row of the reports table into a <see cref="VerificationReport"/>, for both stores. The row's columns come
/// in the order both stores select them: report_id, created_at_ms, platform, content_hash, verdict, status_codes,
/// watermark_id, manifest_id, mime_type, aigc_label. Only status_codes is stored differently (a text[] in
/// PostgreSQL, a JSON array in SQLite), so the caller reads that column.
/// </summary>
internal static class ReportRows
{
    public const int StatusCodesColumn = 5;

    public static VerificationReport Read(DbDataReader reader, IReadOnlyList<string> statusCodes) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        statusCodes,
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9));
}
