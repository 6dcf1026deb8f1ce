using System.CommandLine;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Provenance.Cli.Output;
using Provenance.Cli.Service;
using Provenance.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Provenance.Cli.Commands;

/// <summary>`provenance reports --server URL [--verdict V] [--platform P] [--since T]`: the auditor's view of reports.</summary>
internal static class ReportsCommand
{
    public static Command Create()
    {
        var server = ServerOption.Create("Service address, e.g. http://127.0.0.1:50051.", required: true);
        var apiKey = new Option<string?>("--api-key") { Description = $"Auditor API key (default: the {ServiceConnection.ApiKeyVariable} environment variable)." };
        var verdict = new Option<string?>("--verdict") { Description = "Only this verdict: recovered, tampered, untrusted, declared or missing." };
        verdict.AcceptOnlyFromAmong("recovered", "tampered", "untrusted", "declared", "missing");
        var platform = new Option<string?>("--platform") { Description = "Only reports of this platform." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only reports from this time on (ISO 8601)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Only reports before this time (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "At most this many reports (newest first).", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "One JSON object per report and line." };
        var command = new Command("reports", "List verification reports (auditor key required).") { server, apiKey, verdict, platform, since, until, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var key = ServiceConnection.ResolveApiKey(parse.GetValue(apiKey));
            if (key is null)
            {
                Console.Error.WriteLine($"provenance reports: an auditor API key is required (--api-key or {ServiceConnection.ApiKeyVariable}).");
                return ExitCodes.UsageOrUnreadable;
            }
            var request = new ListReportsRequest
            {
                Verdict = parse.GetValue(verdict) is { } v ? System.Enum.Parse<Verdict>(v, ignoreCase: true) : Verdict.Unspecified,
                Platform = parse.GetValue(platform) ?? "",
            };
            if (parse.GetValue(since) is { } from)
            {
                request.Since = Timestamp.FromDateTimeOffset(from);
            }
            if (parse.GetValue(until) is { } to)
            {
                request.Until = Timestamp.FromDateTimeOffset(to);
            }
            using var connection = new ServiceConnection(parse.GetValue(server)!, key, maxResponseBytes: 16 * 1024 * 1024);
            try
            {
                var reports = await ListAsync(connection, request, parse.GetValue(limit), cancellationToken);
                Print(reports, parse.GetValue(json));
                return ExitCodes.Success;
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"provenance reports: the service answered {e.StatusCode}: {e.Status.Detail}");
                return ExitCodes.UsageOrUnreadable;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"provenance reports: the service could not be reached: {e.Message}");
                return ExitCodes.UsageOrUnreadable;
            }
        });
        return command;
    }

    private static async Task<List<Report>> ListAsync(ServiceConnection connection, ListReportsRequest request, int limit, CancellationToken cancellationToken)
    {
        var reports = new List<Report>();
        do
        {
            request.PageSize = Math.Clamp(limit - reports.Count, 1, 500);
            var page = await connection.Client.ListReportsAsync(request, connection.Options(cancellationToken));
            reports.AddRange(page.Reports);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && reports.Count < limit);
        return reports;
    }

    private static void Print(List<Report> reports, bool json)
    {
        if (json)
        {
            foreach (var report in reports)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    report_id = report.ReportId, created_at = report.CreatedAt.ToDateTimeOffset(), platform = report.Platform,
                    verdict = report.Verdict.ToString().ToLowerInvariant(), aigc_label = LabelValue(report.AigcLabel), content_hash = report.ContentHash,
                    watermark_id = NullIfEmpty(report.WatermarkId), manifest_id = NullIfEmpty(report.ManifestId), status_codes = report.StatusCodes,
                }));
            }
            return;
        }
        var table = new Table().Border(TableBorder.Simple).AddColumns("Time (UTC)", "Platform", "Verdict", "Label", "Watermark", "Codes");
        foreach (var report in reports)
        {
            table.AddRow(report.CreatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss"), Markup.Escape(report.Platform),
                report.Verdict.ToString().ToLowerInvariant(), LabelValue(report.AigcLabel) ?? "-", NullIfEmpty(report.WatermarkId) ?? "-",
                Markup.Escape(string.Join(", ", report.StatusCodes)));
        }
        TableOutput.Write(table);
    }

    private static string? LabelValue(AigcLabel label) => label == AigcLabel.None ? null : ((int)label).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
