using Provenance.Cli.Commands;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance sign`, `verify` and `check` on MP4 and MOV (issue 14): a folder scan picks the clips up, the service
/// signs them (SignStream, streamed from and to disk), the signed clips verify offline and through the service, and
/// the verdicts of a changed clip come out as the service gives them: trimmed and re-encoded CRF 28 at 480p without
/// metadata is recovered, frames edited under the manifest are tampered, another clip with a signed clip's watermark
/// ID is not recovered, the unsigned clip is missing. stderr is captured here, so no progress line may appear on it.
/// </summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliVideoTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task Clips_found_in_a_folder_are_signed_verified_and_their_changed_copies_get_their_verdicts()
    {
        var folder = Path.Combine(fixture.WorkDirectory, "video-in");
        Directory.CreateDirectory(folder);
        var mp4 = Path.Combine(folder, "clip.mp4");
        VideoClips.CutBox(mp4);
        var mov = Path.Combine(folder, "clip.mov");
        VideoClips.CutBox(mov);
        var outDir = Path.Combine(fixture.WorkDirectory, "video-out");

        var sign = await Cli.RunAsync("sign", folder, "--out-dir", outDir, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--model", "cli-video", "--json");
        Assert.True(sign.ExitCode == ExitCodes.Success, sign.ToString());
        Assert.Empty(sign.Error);
        var signedMp4 = sign.Line(mp4).GetProperty("out").GetString()!;
        var signedMov = sign.Line(mov).GetProperty("out").GetString()!;
        var watermarkId = sign.Line(mp4).GetProperty("watermark_id").GetString()!;
        Assert.Empty(Directory.GetFiles(outDir, "*.partial"));

        var offline = await Cli.RunAsync("verify", signedMp4, signedMov, "--json");
        Assert.True(offline.ExitCode == ExitCodes.Success, offline.ToString());
        Assert.Empty(offline.Error);
        Assert.Equal("verified", offline.Line(signedMp4).GetProperty("verdict").GetString());
        Assert.Equal("verified", offline.Line(signedMov).GetProperty("verdict").GetString());

        var changed = Path.Combine(fixture.WorkDirectory, "video-changed");
        Directory.CreateDirectory(changed);
        var laundered = Path.Combine(changed, "laundered.mp4");
        VideoClips.ReEncodedSegment(signedMp4, laundered, 0.4, 1.6, 480, 28);
        var edited = Path.Combine(changed, "edited.mp4");
        VideoEdits.PaintBoxUnderOriginalManifest(signedMp4, edited);
        var other = Path.Combine(fixture.WorkDirectory, "other.mp4");
        VideoClips.CutOther(other);
        var forged = Path.Combine(changed, "forged.mp4");
        VideoEdits.MarkWith(other, forged, ExampleKeys.Watermarker, Convert.ToUInt64(watermarkId, 16));

        var online = await Cli.RunAsync("verify", laundered, edited, forged, "--server", fixture.Server, "--json");
        Assert.True(online.ExitCode == ExitCodes.NotVerified, online.ToString());
        Assert.Empty(online.Error);
        var recovered = online.Line(laundered);
        Assert.Equal("recovered", recovered.GetProperty("verdict").GetString());
        Assert.Equal(watermarkId, recovered.GetProperty("watermark").GetProperty("id").GetString());
        Assert.Equal("tampered", online.Line(edited).GetProperty("verdict").GetString());
        var foreign = online.Line(forged);
        Assert.Equal(watermarkId, foreign.GetProperty("watermark").GetProperty("id").GetString());
        Assert.Equal("tampered", foreign.GetProperty("verdict").GetString());

        var check = await Cli.RunAsync("check", signedMov, mp4, laundered, "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey, "--json");
        Assert.True(check.ExitCode == ExitCodes.NotVerified, check.ToString());
        Assert.Empty(check.Error);
        Assert.Equal("verified", check.Line(signedMov).GetProperty("verdict").GetString());
        Assert.Equal("missing", check.Line(mp4).GetProperty("verdict").GetString());
        Assert.Equal("recovered", check.Line(laundered).GetProperty("verdict").GetString());
    }
}
