using System.Globalization;

namespace Provenance.Benchmarks.Video;

/// <summary>
/// Samples, every 50 ms while it lives, the resident memory of this process and of this process together with every
/// process it started (the ffmpeg and ffprobe that video Sign and Verify drive), from /proc. The kernel keeps a
/// high-water mark only per process and for the whole lifetime, which cannot separate Sign from Verify nor add a
/// child's memory to ours; a child that peaks between two samples is missed, so the figures are lower bounds
/// (ffmpeg's memory is steady over an encode, so little is missed there).
/// A child that has not yet replaced itself with its program is not counted: .NET starts processes with vfork, so
/// until the child's exec it shares this process's memory, and /proc reports that memory for it too, which counted
/// this process twice in a sample (an audio Sign, which starts four ffmpeg processes, once read 360 MiB too high).
/// </summary>
internal sealed class ProcessTreeMemory : IDisposable
{
    private static readonly long PageBytes = Environment.SystemPageSize;
    private readonly int _root = Environment.ProcessId;
    private readonly string? _rootName = NameOf(Environment.ProcessId);
    private readonly Thread _sampler;
    private volatile bool _stop;

    public ProcessTreeMemory()
    {
        _sampler = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _sampler.Start();
    }

    /// <summary>Highest sampled resident set of this process alone.</summary>
    public long PeakSelfBytes { get; private set; }

    /// <summary>Highest sampled sum of the resident sets of this process and its descendants.</summary>
    public long PeakTreeBytes { get; private set; }

    public void Dispose()
    {
        _stop = true;
        _sampler.Join();
    }

    private void Sample()
    {
        while (!_stop)
        {
            var parents = new Dictionary<int, int>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
                {
                    parents[pid] = parent;
                }
            }
            var self = Resident(_root);
            var tree = self;
            foreach (var pid in parents.Keys)
            {
                if (pid != _root && DescendsFromRoot(pid, parents) && NameOf(pid) != _rootName)
                {
                    tree += Resident(pid);
                }
            }
            PeakSelfBytes = Math.Max(PeakSelfBytes, self);
            PeakTreeBytes = Math.Max(PeakTreeBytes, tree);
            Thread.Sleep(50);
        }
    }

    private bool DescendsFromRoot(int pid, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64 && parents.TryGetValue(pid, out var parent); depth++)
        {
            if (parent == _root)
            {
                return true;
            }
            pid = parent;
        }
        return false;
    }

    /// <summary>The fourth field of /proc/PID/stat; the command name (second field) may hold spaces, so count from its closing parenthesis.</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // the process ended while the list was read
        }
    }

    /// <summary>The command name (second field of /proc/PID/stat, in parentheses), or null for a process that has ended.</summary>
    private static string? NameOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            return stat[(open + 1)..stat.LastIndexOf(')')];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Resident pages (second field of /proc/PID/statm) in bytes, or 0 for a process that has ended.</summary>
    private static long Resident(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * PageBytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
