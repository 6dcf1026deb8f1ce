using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// One launch, short warm-up, 15 measured iterations: enough on this shared 2-core machine for ratios measured in
/// the same run, and the whole imaging suite finishes in a few minutes. Ratios are per class and category
/// (decode/encode), against the tool's row.
/// </summary>
internal sealed class ImagingBenchmarkConfig : ManualConfig
{
    public ImagingBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithStrategy(RunStrategy.Throughput));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
    }
}
