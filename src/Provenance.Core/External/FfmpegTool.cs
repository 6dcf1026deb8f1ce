using System.Diagnostics;

namespace Provenance.Core.External;

/// <summary>
/// Starts Debian's ffmpeg/ffprobe (found on PATH) with arguments passed as a list, never through a shell; shared by
/// the video pipeline, audio Sign and the audio watermark's evaluation.
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

    /// <summary>
    /// Runs the tool to completion, feeding <paramref name="input"/> to its stdin (when given) and collecting stdout.
    /// stdin, stdout and stderr are served concurrently, since ffmpeg blocks on a full pipe otherwise. Stdout beyond
    /// <paramref name="maxOutput"/> bytes kills the tool (the result says so); past <paramref name="timeout"/> it is
    /// killed and <see cref="TimeoutException"/> thrown. Exit codes are the caller's to judge. Stdout is read into one
    /// buffer of <paramref name="expectedOutput"/> bytes (when the caller knows about how much is coming: a decoded
    /// track is tens of megabytes, which growing a buffer step by step would copy over and over), grown by doubling
    /// when more comes.
    /// </summary>
    public static PipedRun RunPiped(string program, IEnumerable<string> arguments, byte[]? input, long maxOutput, TimeSpan timeout, long expectedOutput = 0)
    {
        using var process = Start(program, arguments, redirectInput: input is not null);
        var writer = input is null ? Task.CompletedTask : Task.Run(async () =>
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The tool stopped reading (it failed or was killed); its exit code and stderr say why.
            }
            finally
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Closing flushes the pipe, which throws again once the tool has stopped reading.
                }
            }
        });
        var errors = ReadBoundedAsync(process.StandardError, 4096);
        var output = Task.Run(async () =>
        {
            var stdout = process.StandardOutput.BaseStream;
            int limit = (int)Math.Min(maxOutput, Array.MaxLength);
            var buffer = new byte[Math.Clamp(expectedOutput, Math.Min(1 << 16, limit), limit)];
            int filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length == limit)
                    {
                        // Full at the bound: one more byte means the output runs past it.
                        if (await stdout.ReadAsync(new byte[1]).ConfigureAwait(false) > 0)
                        {
                            KillQuietly(process);
                            return (Bytes: new ReadOnlyMemory<byte>(buffer, 0, filled), Cut: true);
                        }
                        break;
                    }
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
                }
                int read = await stdout.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                filled += read;
            }
            return (Bytes: new ReadOnlyMemory<byte>(buffer, 0, filled), Cut: false);
        });
        if (!process.WaitForExit(timeout))
        {
            KillQuietly(process);
            throw new TimeoutException($"{program} did not finish within {timeout.TotalSeconds:0} s.");
        }
        Task.WaitAll(writer, errors);
        var (bytes, cut) = output.GetAwaiter().GetResult();
        return new PipedRun(bytes, cut, process.ExitCode, errors.Result.Trim());
    }
}

/// <summary>What <see cref="FfmpegTool.RunPiped"/> collected: stdout, whether it was cut at the bound, exit code, stderr (bounded).</summary>
internal sealed record PipedRun(ReadOnlyMemory<byte> Output, bool OutputCut, int ExitCode, string Errors);
