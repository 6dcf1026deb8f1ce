using System.Diagnostics;

namespace Provenance.Core.External;

/// <summary>
/// Starts Debian's ffmpeg/ffprobe (found on PATH) with arguments passed as a list, never through a shell; shared by
/// the video pipeline and the audio watermark's evaluation.
/// </summary>
internal static class FfmpegTool
{
    public static Process Start(string program, IEnumerable<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed (Debian package ffmpeg)", e);
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> characters of a process's stderr, for error messages.</summary>
    public static async Task<string> ReadBoundedAsync(StreamReader reader, int limit)
    {
        var buffer = new char[4096];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (text.Length < limit)
            {
                text.Append(buffer, 0, Math.Min(read, limit - text.Length));
            }
        }
        return text.ToString();
    }

    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
