using System.CommandLine;

namespace Provenance.Cli.Commands;

/// <summary>The `provenance` root command, and how a command line becomes an exit code.</summary>
internal static class ProvenanceCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Provenance: sign AI-generated images with Content Credentials and a watermark, verify files.");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>
    /// Runs one command line. A command line that does not parse is a usage error, exit code 2 as design.md says;
    /// System.CommandLine's own handling would exit 1, which `verify` uses for "not verified", so a script could
    /// not tell a typo from a tampered file.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"provenance: {error.Message}");
            }
            Console.Error.WriteLine("Run 'provenance --help' for usage.");
            return ExitCodes.UsageOrUnreadable;
        }
        return await parse.InvokeAsync(cancellationToken: cancellationToken);
    }
}
