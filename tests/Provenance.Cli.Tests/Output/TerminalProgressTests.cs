using Provenance.Cli.Output;

namespace Provenance.Cli.Tests.Output;

/// <summary>The progress line: rewritten in place on a terminal, cleared at the end, and absent when stderr is not a terminal.</summary>
public sealed class TerminalProgressTests
{
    [Fact]
    public void On_a_terminal_the_line_is_rewritten_only_when_it_changes_and_cleared_at_the_end()
    {
        var writer = new StringWriter();
        using (var progress = new TerminalProgress(writer, interactive: true, "clip.mp4"))
        {
            progress.Report("uploading", 0.5);
            progress.Report("uploading", 0.501);
            progress.Report("signing on the service");
        }

        Assert.Equal(
            "\rclip.mp4: uploading 50%" +
            "\rclip.mp4: signing on the service..." +
            "\r" + new string(' ', "clip.mp4: signing on the service...".Length) + "\r",
            writer.ToString());
    }

    [Fact]
    public void A_shorter_line_overwrites_all_of_the_longer_one()
    {
        var writer = new StringWriter();
        var progress = new TerminalProgress(writer, interactive: true, "a");
        progress.Report("signing on the service");
        progress.Report("downloading", 1);

        Assert.EndsWith("\ra: downloading 100%" + new string(' ', "a: signing on the service...".Length - "a: downloading 100%".Length), writer.ToString());
    }

    [Fact]
    public void Off_a_terminal_nothing_is_written()
    {
        var writer = new StringWriter();
        using (var progress = new TerminalProgress(writer, interactive: false, "clip.mp4"))
        {
            progress.Report("uploading", 0.5);
            progress.Report("verifying");
        }
        Assert.Empty(writer.ToString());
    }
}
