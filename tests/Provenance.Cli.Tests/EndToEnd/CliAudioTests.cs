using Provenance.Cli.Commands;
using Provenance.Testing;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance sign`, `verify` and `check` on audio (issue 15): a folder scan picks up the voice clip as WAV, MP3,
/// FLAC and M4A; the service signs them; each signed file verifies offline; one with a changed audio byte is
/// tampered; the unsigned ones are missing through the service. Music long enough to carry the audio watermark, signed
/// through the service and transcoded to Ogg Opus at 32 kbit/s with its metadata gone, is found by a folder scan, declared offline
/// and recovered with the service's records.
/// </summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliAudioTests(CliServiceFixture fixture)
{
    [Fact]
    public async Task Audio_found_in_a_folder_is_signed_verified_offline_tampered_when_edited_and_checked()
    {
        var folder = Path.Combine(fixture.WorkDirectory, "audio-in");
        Directory.CreateDirectory(folder);
        var inputs = AudioClips.Extensions.Select(e => Path.Combine(folder, "voice." + e)).ToList();
        inputs.ForEach(AudioClips.Voice);
        var outDir = Path.Combine(fixture.WorkDirectory, "audio-out");

        var sign = await Cli.RunAsync("sign", folder, "--out-dir", outDir, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--model", "cli-voice", "--json");
        Assert.True(sign.ExitCode == ExitCodes.Success, sign.ToString());
        var signed = inputs.Select(i => sign.Line(i).GetProperty("out").GetString()!).ToList();
        Assert.All(inputs, i => Assert.Contains("no audio watermark", sign.Line(i).GetProperty("watermark_omitted_reason").GetString()));

        var offline = await Cli.RunAsync(["verify", .. signed, "--json"]);
        Assert.True(offline.ExitCode == ExitCodes.Success, offline.ToString());
        Assert.All(signed, s => Assert.Equal("verified", offline.Line(s).GetProperty("verdict").GetString()));

        var edited = Path.Combine(fixture.WorkDirectory, "voice-edited.wav");
        var bytes = File.ReadAllBytes(signed[0]);
        bytes[bytes.Length * 3 / 5] ^= 0x10;
        File.WriteAllBytes(edited, bytes);
        var tampered = await Cli.RunAsync("verify", edited, "--json");
        Assert.True(tampered.ExitCode == ExitCodes.NotVerified, tampered.ToString());
        Assert.Equal("tampered", tampered.Line(edited).GetProperty("verdict").GetString());

        var check = await Cli.RunAsync(["check", .. inputs, "--server", fixture.Server, "--api-key", ExampleKeys.PlatformKey, "--json"]);
        Assert.True(check.ExitCode == ExitCodes.NotVerified, check.ToString());
        Assert.All(inputs, i => Assert.Equal("missing", check.Line(i).GetProperty("verdict").GetString()));
    }

    [Fact]
    public async Task Marked_music_transcoded_to_opus_is_declared_offline_and_recovered_through_the_service()
    {
        var input = Path.Combine(fixture.WorkDirectory, "music.flac");
        AudioClips.Music(input);
        var signedPath = Path.Combine(fixture.WorkDirectory, "music-signed.flac");
        var sign = await Cli.RunAsync("sign", input, "--out", signedPath, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--model", "cli-music", "--json");
        Assert.True(sign.ExitCode == ExitCodes.Success, sign.ToString());
        var watermarkId = sign.Line(input).GetProperty("watermark_id").GetString();
        Assert.False(string.IsNullOrEmpty(watermarkId));

        var folder = Path.Combine(fixture.WorkDirectory, "opus-in");
        Directory.CreateDirectory(folder);
        var upload = Path.Combine(folder, "music.opus");
        Ffmpeg.Run(["-i", signedPath, "-map_metadata", "-1", "-c:a", "libopus", "-b:a", "32k", upload]);

        var offline = await Cli.RunAsync("verify", folder, "--json");
        Assert.True(offline.ExitCode == ExitCodes.NotVerified, offline.ToString());
        Assert.Equal("declared", offline.Line(upload).GetProperty("verdict").GetString());
        Assert.Equal(watermarkId, offline.Line(upload).GetProperty("watermark").GetProperty("id").GetString());

        var online = await Cli.RunAsync("verify", upload, "--json", "--server", fixture.Server);
        Assert.True(online.ExitCode == ExitCodes.Success, online.ToString());
        Assert.Equal("recovered", online.Line(upload).GetProperty("verdict").GetString());
        Assert.True(online.Line(upload).GetProperty("watermark").GetProperty("fingerprint_matches").GetBoolean());
    }
}
