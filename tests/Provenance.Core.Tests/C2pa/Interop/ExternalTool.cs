using System.Diagnostics;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>Runs an external program (node, ImageMagick, cwebp); a missing program fails the test with what to install.</summary>
internal static class ExternalTool
{
    public static string Run(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not installed here; ./test.sh (scripts/setup.sh --test) installs it.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish within {timeout}");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Result}");
            }
            return output.Result;
        }
    }
}
