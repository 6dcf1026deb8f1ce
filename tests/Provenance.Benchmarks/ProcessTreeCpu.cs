using System.Globalization;

namespace Provenance.Benchmarks;

/// <summary>
/// CPU time of this process and of the children it has waited for (ffmpeg, ffprobe), from /proc/self/stat, in
/// seconds. On a machine of two cores a call that keeps both busy cannot get faster by overlapping its steps, only by
/// doing less; this says which case a timing is in. The kernel counts in clock ticks (usually 10 ms), so it is read
/// over whole rounds, not single short calls.
/// </summary>
internal static class ProcessTreeCpu
{
    public static double Seconds()
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14-17 of stat(5) (utime, stime, cutime, cstime) are at 11-14 counted from field 3.
        double ticks = 0;
        for (int i = 11; i <= 14; i++)
        {
            ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }
        return ticks / TicksPerSecond;
    }

    // sysconf(_SC_CLK_TCK) is 100 on every Linux configuration this runs on (USER_HZ is fixed for the ABI).
    private const double TicksPerSecond = 100;
}
