using Grpc.Core;
using Provenance.Cli.Bench;

namespace Provenance.Cli.Tests;

/// <summary>The load run's per-RPC tally: nearest-rank percentiles over successes, refusals counted beside them.</summary>
public sealed class RpcTallyTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_successful_calls_only()
    {
        var tally = new RpcTally();
        for (var ms = 1; ms <= 100; ms++)
        {
            tally.Add(StatusCode.OK, ms, inWindow: ms <= 90);
        }
        // Fast refusals must not pull the percentiles down.
        tally.Add(StatusCode.Unavailable, 0.1, inWindow: true);
        tally.Add(StatusCode.Unavailable, 0.1, inWindow: true);

        Assert.Equal(50, tally.Percentile(50));
        Assert.Equal(99, tally.Percentile(99));
        Assert.Equal(100, tally.Percentile(100));
        Assert.Equal(102, tally.Calls);
        Assert.Equal(100, tally.Ok);
        Assert.Equal(90, tally.OkInWindow);
        Assert.Equal(2, tally.Statuses[StatusCode.Unavailable]);
    }

    [Fact]
    public void Merging_adds_counts_and_latencies()
    {
        var a = new RpcTally();
        var b = new RpcTally();
        a.Add(StatusCode.OK, 10, inWindow: true);
        b.Add(StatusCode.OK, 30, inWindow: false);
        b.Add(StatusCode.DeadlineExceeded, 5000, inWindow: true);

        a.Merge(b);

        Assert.Equal(3, a.Calls);
        Assert.Equal(1, a.OkInWindow);
        Assert.Equal(30, a.Percentile(100));
        Assert.Equal(1, a.Statuses[StatusCode.DeadlineExceeded]);
        Assert.True(double.IsNaN(new RpcTally().Percentile(50)));
    }
}
