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

internal sealed record ReportPage(IReadOnlyList<VerificationReport> Reports, ReportCursor? Next)
{
    /// <summary>
    /// The page from a query that asked for one report more than <paramref name="pageSize"/>: that extra one only
    /// says whether a next page exists, without a second query.
    /// </summary>
    public static ReportPage FromOneExtra(List<VerificationReport> reports, int pageSize)
    {
        if (reports.Count <= pageSize)
        {
            return new ReportPage(reports, null);
        }
        reports.RemoveAt(reports.Count - 1);
        var last = reports[^1];
        return new ReportPage(reports, new ReportCursor(last.CreatedAt, last.ReportId));
    }
}
