using System.Text.Json;
using Provenance.Cli.Commands;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// Runs `provenance` in-process through the same root command and exit-code mapping as the real binary
/// (<see cref="ProvenanceCommand.RunAsync"/>), with Console.Out and Console.Error captured. The console is
/// process-wide, so the test assembly runs its tests one at a time (AssemblyInfo.cs).
/// </summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await ProvenanceCommand.RunAsync(args);
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}

/// <summary>What a `provenance` run printed, and its exit code.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output as one JSON object per line (the --json formats).</summary>
    public IReadOnlyList<JsonElement> JsonLines() =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    /// <summary>The --json line whose "path" is <paramref name="path"/>.</summary>
    public JsonElement Line(string path) => Assert.Single(JsonLines(), l => l.GetProperty("path").GetString() == path);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
