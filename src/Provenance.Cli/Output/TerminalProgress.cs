using System.Globalization;

namespace Provenance.Cli.Output;

/// <summary>
/// One status line on stderr for work on one long file (a video's upload, the service signing it, the download):
/// rewritten in place with a carriage return while stderr is a terminal, and nothing at all otherwise, so scripts
/// and logs that capture stderr see only real errors. The line is cleared when the work ends.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly string _label;
    private string _last = "";

    internal TerminalProgress(TextWriter writer, bool interactive, string label)
    {
        _writer = writer;
        _interactive = interactive;
        _label = label;
    }

    /// <summary>Shows nothing: for when something else owns the terminal.</summary>
    public static TerminalProgress Quiet { get; } = new(TextWriter.Null, interactive: false, "");

    /// <summary>A progress line for <paramref name="file"/> on stderr, shown only when stderr is a terminal.</summary>
    public static TerminalProgress ForFile(string file) => new(Console.Error, !Console.IsErrorRedirected, Path.GetFileName(file));

    /// <summary>Shows <paramref name="phase"/> and, when known, how far it is (0..1); written only when the text changes.</summary>
    public void Report(string phase, double? fraction = null)
    {
        if (!_interactive)
        {
            return;
        }
        var text = fraction is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"{_label}: {phase} {Math.Clamp(f, 0, 1) * 100:0}%")
            : $"{_label}: {phase}...";
        if (text == _last)
        {
            return;
        }
        _writer.Write("\r" + text.PadRight(_last.Length));
        _writer.Flush();
        _last = text;
    }

    public void Dispose()
    {
        if (_interactive && _last.Length > 0)
        {
            _writer.Write("\r" + new string(' ', _last.Length) + "\r");
            _writer.Flush();
        }
        _last = "";
    }
}
