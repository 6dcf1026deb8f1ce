using System.Diagnostics;

namespace Provenance.Benchmarks;

/// <summary>Wall time of one call and the median of rounds: what the interleaved media timings (video, audio) compare.</summary>
internal static class WallClock
{
    public static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
