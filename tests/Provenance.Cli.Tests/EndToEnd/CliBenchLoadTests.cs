using System.Text.Json;
using Provenance.Cli.Commands;
using Provenance.Testing;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>`provenance bench load` against the fixture's service: a short run that must call both RPCs without errors.</summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliBenchLoadTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task A_short_run_reports_baseline_stages_and_phases_with_server_cpu_and_peak_rss()
    {
        var photo = Path.Combine(RepositoryPaths.Photos, "home.jpg");

        var run = await Cli.RunAsync("bench", "load", photo, "--server", fixture.Server, "--server-pid", fixture.Service.Process.Id.ToString(),
            "--metrics", fixture.Service.WebAddress!,
            "--api-key", ExampleKeys.GeneratorKey, "--megapixels", "0.25", "--warmup", "0.5", "--baseline-calls", "2", "--phase", "sign:1", "--phase", "verify:2",
            "--duration", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.JsonLines();
        var setup = Assert.Single(lines, l => l.GetProperty("kind").GetString() == "setup");
        Assert.Equal(0.25, setup.GetProperty("mean_megapixels").GetDouble(), 0.01);
        var signBaseline = Assert.Single(lines, l => Is(l, "baseline", "Sign"));
        Assert.Equal(2, signBaseline.GetProperty("ok").GetInt32());
        // A Sign decodes, marks, encodes and signs: never free, so the /proc reading moved.
        Assert.True(signBaseline.GetProperty("server_cpu_ms").GetDouble() > 0, run.Output);
        Assert.Equal(2, Assert.Single(lines, l => Is(l, "baseline", "Verify")).GetProperty("ok").GetInt32());

        // The baseline's stages, read from the server's /metrics: one embed per Sign, one manifest check per Verify.
        var embed = Assert.Single(lines, l => Is(l, "stage", "Sign") && l.GetProperty("stage").GetString() == "watermark_embed");
        Assert.Equal(1, embed.GetProperty("runs_per_call").GetDouble());
        Assert.True(embed.GetProperty("ms_per_call").GetDouble() > 0);
        Assert.Equal(1, Assert.Single(lines, l => Is(l, "stage", "Verify") && l.GetProperty("stage").GetString() == "manifest_validate")
            .GetProperty("runs_per_call").GetDouble());

        var sign = Assert.Single(lines, l => Is(l, "phase", "Sign"));
        Assert.Equal("sign:1", sign.GetProperty("phase").GetString());
        var verify = Assert.Single(lines, l => Is(l, "phase", "Verify"));
        Assert.Equal("verify:2", verify.GetProperty("phase").GetString());
        foreach (var phase in new[] { sign, verify })
        {
            Assert.True(phase.GetProperty("ok").GetInt32() >= 1, run.Output);
            Assert.Equal(phase.GetProperty("calls").GetInt32(), phase.GetProperty("ok").GetInt32());
            Assert.Empty(phase.GetProperty("errors").EnumerateObject());
            Assert.True(phase.GetProperty("p50_ms").GetDouble() <= phase.GetProperty("p99_ms").GetDouble());
            Assert.True(phase.GetProperty("server_peak_rss_mib").GetDouble() > 10, run.Output);
        }
    }

    [Theory]
    [InlineData("--phase", "fast:4", "KIND:CLIENTS")]
    [InlineData("--phase", "verify:0", "1 to 4096")]
    [InlineData("--sign-ratio", "2", "--sign-ratio")]
    [InlineData("--server-pid", "999999999", "no such process")]
    public async Task Bad_options_are_usage_errors_before_any_call(string option, string value, string message)
    {
        var run = await Cli.RunAsync("bench", "load", Path.Combine(RepositoryPaths.Photos, "home.jpg"), "--server", "http://127.0.0.1:9", option, value);

        Assert.Equal(ExitCodes.UsageOrUnreadable, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    private static bool Is(JsonElement line, string kind, string rpc) =>
        line.GetProperty("kind").GetString() == kind && line.TryGetProperty("rpc", out var r) && r.GetString() == rpc;
}
