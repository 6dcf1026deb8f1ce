using Provenance.Cli.Commands;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance sign --explicit-label [POSITION] [--label-text TEXT] [--label-audio rhythm|speech]` through a running
/// service (issue 19): drawn on an image, played before an audio file's content.
/// </summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliExplicitLabelTests(CliServiceFixture fixture)
{
    [Theory]
    [InlineData(new[] { "--explicit-label" }, "AI生成", "bottom-right")]
    [InlineData(new[] { "--explicit-label", "top-left" }, "AI生成", "top-left")]
    [InlineData(new[] { "--label-text", "AI-generated" }, "AI-generated", "bottom-right")]
    [InlineData(new[] { "--explicit-label", "bottom-center", "--label-text", "人工智能生成" }, "人工智能生成", "bottom-center")]
    public async Task Sign_draws_the_label_asked_for_and_reports_where(string[] options, string text, string position)
    {
        var input = fixture.Write("label-inputs", "home.jpg", TestMedia.Load("home.jpg"));
        var outDir = Path.Combine(fixture.WorkDirectory, "labelled-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await Cli.RunAsync(["sign", input, "--out-dir", outDir, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--json", .. options]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());

        var label = result.Line(input).GetProperty("explicit_label");
        Assert.Equal(text, label.GetProperty("text").GetString());
        Assert.Equal(position, label.GetProperty("position").GetString());
        Assert.True(label.GetProperty("text_height").GetInt32() >= 0.05 * 384);

        var verify = await Cli.RunAsync("verify", Path.Combine(outDir, "home.jpg"), "--json");
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.ToString());
    }

    [Fact]
    public async Task An_unknown_position_is_a_usage_error()
    {
        var input = fixture.Write("label-inputs", "home.jpg", TestMedia.Load("home.jpg"));
        var result = await Cli.RunAsync("sign", input, "--out-dir", Path.Combine(fixture.WorkDirectory, "never"), "--server", fixture.Server,
            "--api-key", ExampleKeys.GeneratorKey, "--explicit-label", "middle");
        Assert.Equal(ExitCodes.UsageOrUnreadable, result.ExitCode);
    }

    [Fact]
    public async Task A_text_that_is_not_an_AI_label_is_refused_by_the_service()
    {
        var input = fixture.Write("label-inputs", "home.jpg", TestMedia.Load("home.jpg"));
        var result = await Cli.RunAsync("sign", input, "--out-dir", Path.Combine(fixture.WorkDirectory, "refused"), "--server", fixture.Server,
            "--api-key", ExampleKeys.GeneratorKey, "--label-text", "generated");
        Assert.Equal(ExitCodes.NotVerified, result.ExitCode);
        Assert.Contains("InvalidArgument", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--label-audio", "rhythm" }, "rhythm", null)]
    [InlineData(new[] { "--explicit-label" }, "rhythm", null)]
    [InlineData(new[] { "--label-audio", "speech", "--label-text", "AI-generated" }, "speech", "AI-generated")]
    public async Task Sign_plays_the_audible_label_before_audio_and_reports_its_span(string[] options, string kind, string? text)
    {
        var input = fixture.Write("audible-inputs-" + Guid.NewGuid().ToString("N")[..8], "voice.wav", AudioClips.VoiceBytes("wav"));
        var outDir = Path.Combine(fixture.WorkDirectory, "audible-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await Cli.RunAsync(["sign", input, "--out-dir", outDir, "--server", fixture.Server, "--api-key", ExampleKeys.GeneratorKey,
            "--json", .. options]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());

        var label = result.Line(input).GetProperty("explicit_label");
        Assert.Equal(kind, label.GetProperty("audio").GetString());
        Assert.Equal(text, label.GetProperty("text").GetString());
        Assert.Equal(0, label.GetProperty("start_seconds").GetDouble());
        var end = label.GetProperty("end_seconds").GetDouble();
        var heard = AudibleLabelListener.DecodeMono(Path.Combine(outDir, "voice.wav"));
        if (kind == "rhythm")
        {
            Assert.Equal(1.82, end, 3);
            Assert.Equal(4, AudibleLabelListener.ToneRuns(heard, 880, end).Count);
        }
        else
        {
            Assert.NotNull(AudibleLabelListener.VoicedSpan(heard, 0, end - 0.5));
        }

        var verify = await Cli.RunAsync("verify", Path.Combine(outDir, "voice.wav"), "--json");
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.ToString());
    }
}
