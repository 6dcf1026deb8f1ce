using Spectre.Console;

namespace Provenance.Cli.Output;

/// <summary>
/// Writes the human-readable tables of `verify` and `reports` to the current standard output. A console is made
/// per write rather than taken from <see cref="AnsiConsole"/>, which binds to the output it first saw. On a
/// terminal the table fits the window; into a file or a pipe it is written without colours and at a width that
/// keeps each row on one line, since Spectre would otherwise wrap paths and reasons at 80 columns.
/// </summary>
internal static class TableOutput
{
    private const int RedirectedWidth = 4096;

    public static void Write(Table table)
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }
        console.Write(table);
    }
}
