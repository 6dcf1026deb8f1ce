using System.Diagnostics;

namespace Provenance.Fuzz.Sweep;

/// <summary>
/// Calls <c>onHang</c> when one input has used more than <see cref="CpuBudget"/> of the process's CPU time, or has
/// run for <see cref="WallBudget"/> without finishing. CPU time, not elapsed time, is the main bound: a process
/// starved by other work on the machine gets slow in elapsed time but not in CPU time, so a starved run does not
/// report hangs that an idle one would not (the spurious hangs of the afl++ runs under load). The elapsed-time
/// bound, far larger, catches an input that waits forever without computing.
/// </summary>
internal sealed class HangWatchdog : IDisposable
{
    public static readonly TimeSpan CpuBudget = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan WallBudget = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly Action<TimeSpan, TimeSpan> _onHang;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private long _input;
    private volatile bool _running;

    /// <param name="onHang">Gets the CPU and elapsed time the input used; it must end the process (the input's thread cannot be stopped).</param>
    public HangWatchdog(Action<TimeSpan, TimeSpan> onHang)
    {
        _onHang = onHang;
        _thread = new Thread(Watch) { IsBackground = true, Name = "hang watchdog" };
        _thread.Start();
    }

    public void Begin()
    {
        Interlocked.Increment(ref _input);
        _running = true;
    }

    public void End() => _running = false;

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Watch()
    {
        long watched = -1;
        var charged = TimeSpan.Zero;
        var lastCpu = TimeSpan.Zero;
        long since = 0;
        while (!_stop.Token.WaitHandle.WaitOne(Tick))
        {
            var cpu = ProcessCpu();
            long input = Interlocked.Read(ref _input);
            if (input != watched || !_running)
            {
                // A new input (or none): charge it from this tick on; the 100 ms before are noise at these budgets.
                watched = _running ? input : -1;
                charged = TimeSpan.Zero;
                since = Stopwatch.GetTimestamp();
            }
            else
            {
                charged += cpu - lastCpu;
                var elapsed = Stopwatch.GetElapsedTime(since);
                if (charged > CpuBudget || elapsed > WallBudget)
                {
                    _onHang(charged, elapsed);
                    return;
                }
            }
            lastCpu = cpu;
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
