using Grpc.Core;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Provenance.Contracts.V1;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
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

    public async Task<GetManifestResponse> GetManifestAsync(GetManifestRequest request, CancellationToken cancellationToken)
    {
        var id = request.Id.Trim();
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
            throw new RpcException(new Status(StatusCode.InvalidArgument, "id must be a manifest id (urn:c2pa:...) or a watermark id (16 hex digits)."));
        }
        if (record is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No stored manifest has the id {id}."));
        }

        var revocation = registry.GeneratorRevocation(record.GeneratorKeyHash) ?? signerRevocations.ReasonFor(record.SignerThumbprint);
        return new GetManifestResponse
        {
            ManifestId = record.ManifestId,
            WatermarkId = record.WatermarkId,
            Generator = record.GeneratorName,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            ContentHash = record.ContentHash,
            ManifestJson = record.ManifestJson,
            ManifestStore = ByteString.CopyFrom(record.ManifestStore),
            MimeType = record.MimeType,
            Revoked = revocation is not null,
            RevocationReason = revocation ?? "",
            Fingerprint = ByteString.CopyFrom(record.Fingerprint),
            PromptDigest = record.PromptDigest is null ? ByteString.Empty : ByteString.CopyFrom(record.PromptDigest),
        };
    }

    public async Task<ListReportsResponse> ListReportsAsync(ListReportsRequest request, string? authorization, CancellationToken cancellationToken)
    {
        registry.AuthenticateAuditor(authorization);
        var pageSize = request.PageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw new RpcException(new Status(StatusCode.InvalidArgument, $"page_size must be 0 (default {DefaultPageSize}) to {MaxPageSize}.")),
            var size => size,
        };
        var query = new ReportQuery(
            request.Verdict == Verdict.Unspecified ? null : ContractMapping.Name(request.Verdict),
            string.IsNullOrEmpty(request.Platform) ? null : request.Platform,
            request.Since?.ToDateTimeOffset(),
            request.Until?.ToDateTimeOffset(),
            pageSize,
            string.IsNullOrEmpty(request.PageToken) ? null : ParsePageToken(request.PageToken));
        var page = await store.ListReportsAsync(query, cancellationToken).ConfigureAwait(false);

        var response = new ListReportsResponse { NextPageToken = page.Next is null ? "" : PageToken(page.Next) };
        foreach (var report in page.Reports)
        {
            var wire = new Report
            {
                ReportId = report.ReportId,
                CreatedAt = Timestamp.FromDateTimeOffset(report.CreatedAt),
                Platform = report.Platform,
                ContentHash = report.ContentHash,
                Verdict = ContractMapping.VerdictFromName(report.Verdict) ?? Verdict.Unspecified,
                WatermarkId = report.WatermarkId ?? "",
                ManifestId = report.ManifestId ?? "",
                MimeType = report.MimeType,
                AigcLabel = ContractMapping.ToWire(report.AigcLabel),
            };
            wire.StatusCodes.AddRange(report.StatusCodes);
            response.Reports.Add(wire);
        }
        return response;
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
        throw new RpcException(new Status(StatusCode.InvalidArgument, "page_token is not one this service issued."));
    }
}
