using Provenance.Cli.Commands;
using Provenance.Core.Labeling;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>`provenance check`: a platform's upload check through the service's Verify RPC.</summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliCheckTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task A_platform_checks_uploads_gets_reports_and_a_propagated_copy()
    {
        var signed = (await fixture.SignedAsync())["home.jpg"];
        var unsigned = fixture.Write("check-in", "upload.jpg", TestMedia.Load("butterfly.jpg"));
        var copies = Path.Combine(fixture.WorkDirectory, "check-out");

        var result = await Cli.RunAsync("check", signed.Path, unsigned, "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey,
            "--declared-ai", "--json");
        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        var verified = result.Line(signed.Path);
        Assert.Equal(("verified", "1", signed.ManifestId), (verified.GetProperty("verdict").GetString(),
            verified.GetProperty("aigc_label").GetString(), verified.GetProperty("manifest_id").GetString()));
        var missing = result.Line(unsigned);
        // Nothing in the file, but the uploader declared AI generation: label 2, and a report.
        Assert.Equal(("missing", "2"), (missing.GetProperty("verdict").GetString(), missing.GetProperty("aigc_label").GetString()));
        Assert.StartsWith("rpt_", missing.GetProperty("report_id").GetString());

        var propagated = await Cli.RunAsync("check", signed.Path, "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey,
            "--propagate-id", "post-77", "--out-dir", copies, "--json");
        Assert.True(propagated.ExitCode == ExitCodes.Success, propagated.ToString());
        var copy = propagated.Line(signed.Path).GetProperty("propagated_copy").GetString()!;

        var offline = await Cli.RunAsync("verify", copy, "--json");
        Assert.True(offline.ExitCode == ExitCodes.Success, offline.ToString());
        var label = AigcMetadata.Read(Provenance.Core.Formats.AssetHandlers.Detect(File.ReadAllBytes(copy)).ReadXmp(File.ReadAllBytes(copy))).Label;
        // The example platform's ContentPropagator code (keys-example/api-keys.json), beside the producer's fields.
        Assert.Equal(("EXAMPLEAILABS-PLATFORM", "post-77", signed.ManifestId), (label?.ContentPropagator, label?.PropagateId, label?.ProduceId));
    }

    [Fact]
    public async Task Propagating_without_a_platform_key_exits_2()
    {
        var signed = (await fixture.SignedAsync())["home.jpg"];
        var result = await Cli.RunAsync("check", signed.Path, "--server", fixture.Server, "--propagate-id", "x",
            "--out-dir", Path.Combine(fixture.WorkDirectory, "anonymous"));
        Assert.True(result.ExitCode == ExitCodes.UsageOrUnreadable, result.ToString());
        Assert.Contains("Unauthenticated", result.Error, StringComparison.Ordinal);
    }
}
