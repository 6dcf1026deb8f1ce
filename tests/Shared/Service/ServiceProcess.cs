using System.Text.RegularExpressions;
using Provenance.Testing.Processes;

namespace Provenance.Testing.Service;

/// <summary>
/// The real service binary (ProvenanceService.dll, copied beside the tests) started as its own process in a
/// fresh working directory, on an ephemeral loopback port unless told otherwise.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private ServiceProcess(ChildProcess process, string workingDirectory, string address, string? webAddress)
    {
        Process = process;
        WorkingDirectory = workingDirectory;
        Address = address;
        WebAddress = webAddress;
    }

    public ChildProcess Process { get; }

    public string WorkingDirectory { get; }

    /// <summary>The address Kestrel reported, e.g. http://127.0.0.1:40123.</summary>
    public string Address { get; }

    public string Target => new Uri(Address).Authority;

    /// <summary>The web port (page and HTTP/JSON routes) as the service logged it, e.g. http://127.0.0.1:40124; null when turned off.</summary>
    public string? WebAddress { get; }

    /// <summary>The SQLite file, unless the arguments moved the data directory away from the one chosen here.</summary>
    public string DatabasePath => Path.Combine(WorkingDirectory, "data", "provenance.db");

    public static async Task<ServiceProcess> StartAsync(IEnumerable<string>? arguments = null, IDictionary<string, string>? environment = null, bool defaultUrl = true)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("provenance-service-").FullName;
        var process = Launch(workingDirectory, arguments, environment, defaultUrl);
        try
        {
            var line = await process.WaitForLineAsync(l => ListeningOn().IsMatch(l), StartTimeout);
            string? web = null;
            if (!WebTurnedOff(arguments))
            {
                // Logged once the server started, after every endpoint is bound (Web/WebExtensions.cs).
                var webLine = await process.WaitForLineAsync(l => WebListeningOn().IsMatch(l), StartTimeout);
                web = WebListeningOn().Match(webLine).Groups["url"].Value.TrimEnd('/');
            }
            return new ServiceProcess(process, workingDirectory, ListeningOn().Match(line).Groups["url"].Value, web);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the service expecting it to refuse to start; returns its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string StandardError, string StandardOutput)> RunToFailureAsync(IEnumerable<string> arguments)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("provenance-service-").FullName;
        await using var process = Launch(workingDirectory, arguments, null, defaultUrl: true);
        var exitCode = await process.WaitForExitAsync(StartTimeout);
        Directory.Delete(workingDirectory, recursive: true);
        return (exitCode, process.StandardError, string.Join('\n', process.StandardOutput));
    }

    private static ChildProcess Launch(string workingDirectory, IEnumerable<string>? arguments, IDictionary<string, string>? environment, bool defaultUrl)
    {
        var service = Path.Combine(AppContext.BaseDirectory, "ProvenanceService.dll");
        List<string> all = [service];
        if (defaultUrl)
        {
            all.AddRange(["--urls", "http://127.0.0.1:0"]);
        }
        all.AddRange(["--Storage:DataDirectory", Path.Combine(workingDirectory, "data")]);
        if (arguments is null || !arguments.Contains("--web-urls"))
        {
            // Never the fixed default port 8080: tests run side by side.
            all.AddRange(["--web-urls", "http://127.0.0.1:0"]);
        }
        all.AddRange(arguments ?? []);
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        return ChildProcess.Start(dotnet, all, workingDirectory, environment);
    }

    public async ValueTask DisposeAsync()
    {
        Process.Terminate();
        try
        {
            await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Killed by WaitForExitAsync; nothing else to do here.
        }
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private static bool WebTurnedOff(IEnumerable<string>? arguments) =>
        arguments?.ToList() is { } list && list.IndexOf("--web-urls") is var i and >= 0 && i + 1 < list.Count && list[i + 1] == "none";

    [GeneratedRegex(@"HTTP/JSON API \(HTTP/1.1\) listening on (?<url>https?://[^\s""]+)")]
    private static partial Regex WebListeningOn();

    [GeneratedRegex(@"Now listening on: (?<url>https?://[^\s""]+)")]
    private static partial Regex ListeningOn();
}
