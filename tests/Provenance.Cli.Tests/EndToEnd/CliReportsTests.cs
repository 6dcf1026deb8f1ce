using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Provenance.Cli.Commands;
using Provenance.Contracts.V1;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>`provenance reports`: the auditor's view of what platforms reported to the service.</summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliReportsTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task The_auditor_lists_the_reports_a_platform_caused_as_JSON_lines()
    {
        // A platform checks two uploads with its key: one unsigned, one with only an unsigned AIGC label.
        var unsigned = TestMedia.Load("butterfly.jpg");
        var labelled = MediaEdits.WithUnsignedAigcLabel(TestMedia.Load("butterfly.jpg"), "SOMEONE-ELSE");
        var missing = await fixture.Client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(unsigned) }, Bearer.Of(ExampleKeys.PlatformKey));
        var declared = await fixture.Client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(labelled) }, Bearer.Of(ExampleKeys.PlatformKey));

        var all = await Cli.RunAsync("reports", "--server", fixture.Server, "--api-key", ExampleKeys.AuditorKey, "--platform", ExampleKeys.PlatformName, "--json");
        Assert.True(all.ExitCode == ExitCodes.Success, all.ToString());
        var lines = all.JsonLines();
        var report = Assert.Single(lines, l => l.GetProperty("report_id").GetString() == missing.ReportId);
        Assert.Equal("missing", report.GetProperty("verdict").GetString());
        Assert.Equal(ExampleKeys.PlatformName, report.GetProperty("platform").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(unsigned)), report.GetProperty("content_hash").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("aigc_label").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("watermark_id").ValueKind);
        Assert.Equal(JsonValueKind.Array, report.GetProperty("status_codes").ValueKind);
        Assert.True(report.TryGetProperty("created_at", out _));
        Assert.Equal("1", Assert.Single(lines, l => l.GetProperty("report_id").GetString() == declared.ReportId).GetProperty("aigc_label").GetString());
        Assert.All(lines, l => Assert.Equal(ExampleKeys.PlatformName, l.GetProperty("platform").GetString()));

        var onlyDeclared = await Cli.RunAsync("reports", "--server", fixture.Server, "--api-key", ExampleKeys.AuditorKey, "--verdict", "declared", "--json");
        Assert.True(onlyDeclared.ExitCode == ExitCodes.Success, onlyDeclared.ToString());
        Assert.All(onlyDeclared.JsonLines(), l => Assert.Equal("declared", l.GetProperty("verdict").GetString()));
        Assert.Contains(declared.ReportId, onlyDeclared.JsonLines().Select(l => l.GetProperty("report_id").GetString()));
        Assert.DoesNotContain(missing.ReportId, onlyDeclared.JsonLines().Select(l => l.GetProperty("report_id").GetString()));
    }

    [Fact]
    public async Task Reports_without_an_auditor_key_exit_2()
    {
        var result = await Cli.RunAsync("reports", "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey, "--json");
        Assert.True(result.ExitCode == ExitCodes.UsageOrUnreadable, result.ToString());
        Assert.Contains("Unauthenticated", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }
}
