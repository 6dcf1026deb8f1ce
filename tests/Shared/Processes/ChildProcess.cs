using System.Collections.Concurrent;
using System.Diagnostics;

namespace Provenance.Testing.Processes;

/// <summary>
/// A process started by a test (node, python, the service), with its output captured line by line. Proxy
/// variables are removed so that loopback calls go direct. Disposing ends it: stdin closed first, then killed.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly string[] ProxyVariables = ["http_proxy", "https_proxy", "grpc_proxy", "HTTP_PROXY", "HTTPS_PROXY", "GRPC_PROXY", "all_proxy", "ALL_PROXY"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<string>? _onLine;

    private ChildProcess(Process process) => _process = process;

    public string Description { get; private init; } = "";

    public int Id => _process.Id;

    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public string StandardError => string.Join('\n', _stderr);

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var name in ProxyVariables)
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process) { Description = $"{fileName} {string.Join(' ', info.ArgumentList)}" };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child._stdout.Enqueue(e.Data);
                child._onLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child._stderr.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => child._exited.TrySetResult();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Cannot start '{fileName}' ({ex.Message}). scripts/setup.sh --test installs what the interop tests need.", ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the first output line matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _onLine = line =>
        {
            if (predicate(line))
            {
                found.TrySetResult(line);
            }
        };
        foreach (var line in _stdout)
        {
            if (predicate(line))
            {
                found.TrySetResult(line);
            }
        }
        var first = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout));
        if (first == found.Task)
        {
            return await found.Task;
        }
        throw new InvalidOperationException(
            $"{Description}: {(first == _exited.Task ? "exited" : "timed out")} before the expected output.\nstdout:\n{string.Join('\n', _stdout)}\nstderr:\n{StandardError}");
    }

    /// <summary>Waits for the process to exit by itself; kills it (and fails) after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            Kill();
            throw new TimeoutException($"{Description} did not finish within {timeout}.\nstdout:\n{string.Join('\n', _stdout)}\nstderr:\n{StandardError}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a process manager asks a service to stop.</summary>
    public void Terminate()
    {
        if (!HasExited && NativeSignals.Kill(_process.Id, NativeSignals.SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed for {_process.Id}");
        }
    }

    public void Kill()
    {
        try
        {
            if (!HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasExited)
            {
                _process.StandardInput.Close();
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
            }
        }
        catch (IOException)
        {
            // The pipe is already closed.
        }
        Kill();
        _process.Dispose();
    }

    private static class NativeSignals
    {
        public const int SigTerm = 15;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
