using System.CommandLine;

namespace Provenance.Cli.Commands;

/// <summary>The sub-commands of `provenance`, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return SignCommand.Create();
        yield return VerifyCommand.Create();
        yield return CheckCommand.Create();
        yield return ReportsCommand.Create();
        yield return KeysCommand.Create();
        yield return BenchCommand.Create();
    }
}
