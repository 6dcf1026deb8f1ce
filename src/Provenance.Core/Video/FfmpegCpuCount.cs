using System.Diagnostics;
using System.Numerics;

namespace Provenance.Core.Video;

/// <summary>
/// How many CPUs ffmpeg's codecs size their threads by when left to choose (x264 runs 1.5 frame threads per CPU, the
/// H.264 decoder one per CPU plus one, up to 16), for estimating what they hold: each thread keeps frames of its
/// own (docs/video.md, "Memory"). They count the CPUs the process may run on (sched_getaffinity), which ignores a
/// container's CPU quota; <see cref="Environment.ProcessorCount"/> honours the quota, so the larger of the two counts.
/// </summary>
internal static class FfmpegCpuCount
{
    public static int Value { get; } = Count();

    private static int Count()
    {
        var count = Environment.ProcessorCount;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return count;
        }
        try
        {
            using var self = Process.GetCurrentProcess();
            count = Math.Max(count, BitOperations.PopCount((ulong)self.ProcessorAffinity.ToInt64()));
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No affinity to read here: the runtime's count stands.
        }
        return count;
    }
}
