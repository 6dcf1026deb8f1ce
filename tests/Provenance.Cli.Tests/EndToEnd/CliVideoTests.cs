using Provenance.Cli.Commands;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance sign`, `verify` and `check` on an MP4 (issue 14): a folder scan picks the clip up, the service signs
/// it, the signed clip verifies offline and through the service, the unsigned one is missing.
/// </summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliVideoTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task A_clip_found_in_a_folder_is_signed_verified_offline_and_checked()
    {
        var folder = Path.Combine(fixture.WorkDirectory, "video-in");
        Directory.CreateDirectory(folder);
        var clip = Path.Combine(folder, "clip.mp4");
        VideoClips.CutBox(clip);
        var outDir = Path.Combine(fixture.WorkDirectory, "video-out");

        var sign = await Cli.RunAsync("sign", folder, "--out-dir", outDir, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--model", "cli-video", "--json");
        Assert.True(sign.ExitCode == ExitCodes.Success, sign.ToString());
        var signed = sign.Line(clip).GetProperty("out").GetString()!;

        var offline = await Cli.RunAsync("verify", signed, "--json");
        Assert.True(offline.ExitCode == ExitCodes.Success, offline.ToString());
        Assert.Equal("verified", offline.Line(signed).GetProperty("verdict").GetString());

        var check = await Cli.RunAsync("check", signed, clip, "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey, "--json");
        Assert.True(check.ExitCode == ExitCodes.NotVerified, check.ToString());
        Assert.Equal("verified", check.Line(signed).GetProperty("verdict").GetString());
        Assert.Equal("missing", check.Line(clip).GetProperty("verdict").GetString());
    }
}
