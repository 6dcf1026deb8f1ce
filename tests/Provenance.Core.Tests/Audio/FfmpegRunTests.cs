using Provenance.Core.External;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// <see cref="FfmpegTool.RunPiped"/>'s output bound, which keeps a decode from writing more than the file declared:
/// output that fills the bound exactly is whole, one byte more is cut, and a buffer sized for less than what comes grows
/// without changing a byte. And a tool that stops reading its input early (ffmpeg refusing an encoder's settings) is
/// reported by its exit code, not by an exception from the broken pipe.
/// </summary>
public sealed class FfmpegRunTests
{
    // Ten seconds of a 440 Hz tone as 16-bit mono at 8 kHz: exactly 160,000 bytes (more than the smallest buffer), the same on every run.
    private static readonly string[] Tone = ["-v", "error", "-nostdin", "-f", "lavfi", "-i", "sine=frequency=440:duration=10:sample_rate=8000",
        "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "pipe:1"];

    private static PipedRun Run(long maxOutput, long expectedOutput) =>
        FfmpegTool.RunPiped("ffmpeg", Tone, null, maxOutput, TimeSpan.FromSeconds(60), expectedOutput);

    [Fact]
    public void Output_at_the_bound_is_whole_and_past_it_is_cut()
    {
        var exact = Run(160_000, 160_000);
        Assert.Equal((0, false, 160_000), (exact.ExitCode, exact.OutputCut, exact.Output.Length));

        var over = Run(159_999, 159_999);
        Assert.True(over.OutputCut);
        Assert.Equal(159_999, over.Output.Length);
    }

    [Fact]
    public void A_buffer_sized_for_less_grows_to_the_same_bytes()
    {
        var sized = Run(1 << 20, 160_000);
        var grown = Run(1 << 20, 100);
        var unsized = Run(1 << 20, 0);
        Assert.False(grown.OutputCut);
        Assert.Equal(sized.Output.ToArray(), grown.Output.ToArray());
        Assert.Equal(sized.Output.ToArray(), unsized.Output.ToArray());
    }

    [Fact]
    public void A_tool_that_stops_reading_its_input_is_judged_by_its_exit_code()
    {
        // Four channels of raw PCM, which libopus refuses before it reads more than the first packet's worth; 16 MB is
        // far more than a pipe buffers, so the write is still under way when ffmpeg exits.
        string[] arguments = ["-v", "error", "-f", "f32le", "-ar", "16000", "-ac", "4", "-i", "pipe:0",
            "-c:a", "libopus", "-f", "ogg", "pipe:1"];
        var run = FfmpegTool.RunPiped("ffmpeg", arguments, new byte[16 << 20], 1 << 20, TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("channel layout", run.Errors, StringComparison.OrdinalIgnoreCase);
    }
}
