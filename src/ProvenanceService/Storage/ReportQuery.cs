namespace ProvenanceService.Storage;

/// <summary>A filter and page over verification reports, newest first. Null filters match everything.</summary>
internal sealed record ReportQuery(
    string? Verdict,
    string? Platform,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int PageSize,
    ReportCursor? After);

/// <summary>Keyset-paging position: the last report of the previous page.</summary>
internal sealed record ReportCursor(DateTimeOffset CreatedAt, string ReportId);

internal sealed record ReportPage(IReadOnlyList<VerificationReport> Reports, ReportCursor? Next);
