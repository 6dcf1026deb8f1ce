using Provenance.Core.Verification;
using ProvenanceService.Storage;

namespace ProvenanceService.Application;

/// <summary>An auditor's filters and page of ListReports.</summary>
/// <param name="Verdict">Null for any verdict.</param>
/// <param name="Platform">Null for any platform.</param>
/// <param name="PageSize">0 for the default, else 1 to <see cref="AuditService.MaxPageSize"/>.</param>
/// <param name="PageToken">From a previous page; null for the first.</param>
internal sealed record ReportFilter(
    Verdict? Verdict,
    string? Platform,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int PageSize,
    string? PageToken);

/// <summary>One page of reports, newest first, and the token of the next page (null when there is none).</summary>
internal sealed record ReportListing(IReadOnlyList<VerificationReport> Reports, string? NextPageToken);
