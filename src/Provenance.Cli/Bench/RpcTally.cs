using Grpc.Core;

namespace Provenance.Cli.Bench;

/// <summary>The calls of one RPC in one phase: how many ended with each status, and the latency of those that succeeded.</summary>
internal sealed class RpcTally
{
    private readonly List<double> _latencyMs = [];
    private readonly Dictionary<StatusCode, int> _statuses = [];

    /// <summary>Calls that ended with OK before the phase's end: what throughput counts.</summary>
    public int OkInWindow { get; private set; }

    public int Calls => _statuses.Values.Sum();

    public int Ok => _latencyMs.Count;

    public IReadOnlyDictionary<StatusCode, int> Statuses => _statuses;

    public void Add(StatusCode status, double latencyMs, bool inWindow)
    {
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        if (status == StatusCode.OK)
        {
            _latencyMs.Add(latencyMs);
            OkInWindow += inWindow ? 1 : 0;
        }
    }

    public void Merge(RpcTally other)
    {
        _latencyMs.AddRange(other._latencyMs);
        foreach (var (status, count) in other._statuses)
        {
            _statuses[status] = _statuses.GetValueOrDefault(status) + count;
        }
        OkInWindow += other.OkInWindow;
    }

    /// <summary>
    /// The <paramref name="percentile"/>th latency (0-100) of the successful calls, by the nearest-rank method; NaN
    /// with none. Refused calls (shed, timed out) are counted by status beside it, not mixed in: a fast refusal would
    /// make the percentiles look better than what a served caller gets.
    /// </summary>
    public double Percentile(double percentile)
    {
        if (_latencyMs.Count == 0)
        {
            return double.NaN;
        }
        var sorted = _latencyMs.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
