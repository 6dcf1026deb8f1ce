using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using ProvenanceService.Application.Errors;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Auth;
using ProvenanceService.Storage;

namespace ProvenanceService.Application;

/// <summary>
/// GetManifest (open: anyone holding a copy of the content can read its watermark ID anyway) and ListReports
/// (auditor key required: reports say which platform saw what).
/// </summary>
internal sealed class AuditService(IManifestStore store, ClientRegistry registry, SignerRevocations signerRevocations)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const string ManifestIdPrefix = "urn:c2pa:";

    public async Task<StoredManifest> GetManifestAsync(string id, CancellationToken cancellationToken)
    {
        id = id.Trim();
        ManifestRecord? record;
        if (id.StartsWith(ManifestIdPrefix, StringComparison.Ordinal))
        {
            record = await store.FindByManifestIdAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else if (WatermarkIds.TryParse(id, out var watermarkId))
        {
            record = await store.FindByWatermarkIdAsync(WatermarkIds.Format(watermarkId), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InvalidRequestException("id must be a manifest id (urn:c2pa:...) or a watermark id (16 hex digits).");
        }
        if (record is null)
        {
            throw new NotFoundException($"No stored manifest has the id {id}.");
        }
        return new StoredManifest(record, registry.GeneratorRevocation(record.GeneratorKeyHash) ?? signerRevocations.ReasonFor(record.SignerThumbprint));
    }

    public async Task<ReportListing> ListReportsAsync(ReportFilter filter, string? authorization, CancellationToken cancellationToken)
    {
        registry.AuthenticateAuditor(authorization);
        var pageSize = filter.PageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw new InvalidRequestException($"page_size must be 0 (default {DefaultPageSize}) to {MaxPageSize}."),
            var size => size,
        };
        var query = new ReportQuery(
            filter.Verdict is { } verdict ? VerdictNames.Name(verdict) : null,
            filter.Platform,
            filter.Since,
            filter.Until,
            pageSize,
            filter.PageToken is null ? null : ParsePageToken(filter.PageToken));
        var page = await store.ListReportsAsync(query, cancellationToken).ConfigureAwait(false);
        return new ReportListing(page.Reports, page.Next is null ? null : PageToken(page.Next));
    }

    /// <summary>An opaque token: base64url of "milliseconds:report id" of the last report on the page.</summary>
    private static string PageToken(ReportCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.ReportId}"));

    private static ReportCursor ParsePageToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var colon = text.IndexOf(':');
            if (colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && colon < text.Length - 1)
            {
                return new ReportCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentOutOfRangeException)
        {
        }
        throw new InvalidRequestException("page_token is not one this service issued.");
    }
}
