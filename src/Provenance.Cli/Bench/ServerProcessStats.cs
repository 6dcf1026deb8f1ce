using System.Globalization;

namespace Provenance.Cli.Bench;

/// <summary>
/// CPU time and peak resident memory of a server process on this machine, from Linux's /proc: what a load run
/// costs the server, measured beside what the clients see. Only for a server started on the same host (its pid).
/// </summary>
internal sealed class ServerProcessStats(int pid)
{
    private static readonly double TicksPerSecond = ClockTicks();

    public int Pid => pid;

    /// <summary>User plus system CPU time so far (/proc/PID/stat, fields 14 and 15, in clock ticks).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Peak resident set size in bytes (VmHWM of /proc/PID/status): the highest since start or since <see cref="ResetPeak"/>.</summary>
    public long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>
    /// Starts the peak over (writing 5 to /proc/PID/clear_refs), so that each phase of a run reports its own peak.
    /// False when not allowed (another user's process): the peak then counts from the process's start.
    /// </summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public bool IsRunning() => File.Exists($"/proc/{pid}/stat");

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidDataException($"/proc/{pid}/status has no {field} line.");
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on; getconf says so when it is there.</summary>
    private static double ClockTicks()
    {
        try
        {
            using var getconf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (getconf is not null && double.TryParse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture, out var hz) && hz > 0)
            {
                getconf.WaitForExit();
                return hz;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: fall back to the kernel's fixed user-visible rate.
        }
        return 100;
    }
}
