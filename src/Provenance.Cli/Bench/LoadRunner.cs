using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;

namespace Provenance.Cli.Bench;

/// <summary>
/// Runs the phases of a load run against <see cref="LoadTarget"/>: first each RPC called one at a time (the
/// single-call baseline: latency, and server CPU per call when the server's pids are known), then each phase's
/// clients in a closed loop. Clients stop starting calls at the phase's end; calls still in flight finish and
/// count in the latencies, but throughput counts only successes that ended inside the window. A client refused
/// with a retry hint (the grpc-retry-pushback-ms trailer of the service's admission control) waits that long
/// before its next call, as a client with a retry policy does, instead of spinning on refusals.
/// </summary>
internal sealed class LoadRunner(LoadTarget target, IReadOnlyList<byte[]> signInputs, IReadOnlyList<ByteString> verifyInputs,
    IReadOnlyList<ServerProcessStats> servers, double signRatio)
{
    public const string Sign = "Sign";
    public const string Verify = "Verify";

    private const string RetryPushbackTrailer = "grpc-retry-pushback-ms";
    private static readonly TimeSpan MaxPushback = TimeSpan.FromSeconds(10);

    public async Task<BaselineResult> BaselineAsync(string rpc, int calls)
    {
        var tally = new RpcTally();
        var cpuBefore = ServerCpu();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            await CallAsync(rpc, client: i, i, tally, endOfWindow: long.MaxValue).ConfigureAwait(false);
        }
        var wall = Stopwatch.GetElapsedTime(started);
        TimeSpan? cpu = servers.Count == 0 ? null : (ServerCpu() - cpuBefore) / calls;
        return new BaselineResult(rpc, tally, wall / calls, cpu);
    }

    public async Task<PhaseResult> RunAsync(LoadPhase phase)
    {
        var peakReset = servers.All(s => s.ResetPeak());
        var cpuBefore = ServerCpu();
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(phase.Duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, phase.Clients).Select(client => Task.Run(() => ClientAsync(phase, client, end))).ToArray();
        var tallies = await Task.WhenAll(workers).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started);

        var byRpc = new Dictionary<string, RpcTally> { [Sign] = new(), [Verify] = new() };
        foreach (var perClient in tallies)
        {
            foreach (var (rpc, tally) in perClient)
            {
                byRpc[rpc].Merge(tally);
            }
        }
        return new PhaseResult(phase, byRpc, wall, servers.Count == 0 ? null : ServerCpu() - cpuBefore,
            Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore,
            servers.Count == 0 ? null : servers.Sum(s => s.PeakResidentBytes()), peakReset);
    }

    private async Task<Dictionary<string, RpcTally>> ClientAsync(LoadPhase phase, int client, long end)
    {
        var tallies = new Dictionary<string, RpcTally> { [Sign] = new(), [Verify] = new() };
        var random = new Random(client);
        // Every client calls at least once, even when it was scheduled after the phase's end on a busy machine.
        var call = 0;
        do
        {
            var rpc = phase.Kind switch
            {
                LoadKind.Sign => Sign,
                LoadKind.Verify => Verify,
                _ => random.NextDouble() < signRatio ? Sign : Verify,
            };
            await CallAsync(rpc, client, client + call++, tallies[rpc], end).ConfigureAwait(false);
        }
        while (Stopwatch.GetTimestamp() < end);
        return tallies;
    }

    private async Task CallAsync(string rpc, int client, int index, RpcTally tally, long endOfWindow)
    {
        var started = Stopwatch.GetTimestamp();
        StatusCode status;
        var pushback = TimeSpan.Zero;
        try
        {
            if (rpc == Sign)
            {
                await target.SignAsync(client, signInputs[index % signInputs.Count]).ConfigureAwait(false);
            }
            else
            {
                await target.VerifyAsync(client, verifyInputs[index % verifyInputs.Count]).ConfigureAwait(false);
            }
            status = StatusCode.OK;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            pushback = Pushback(e);
        }
        var ended = Stopwatch.GetTimestamp();
        tally.Add(status, Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds, ended <= endOfWindow);
        if (pushback > TimeSpan.Zero && ended < endOfWindow)
        {
            var left = TimeSpan.FromSeconds((endOfWindow - ended) / (double)Stopwatch.Frequency);
            await Task.Delay(pushback < left ? pushback : left).ConfigureAwait(false);
        }
    }

    private static TimeSpan Pushback(RpcException e) =>
        e.Trailers.GetValue(RetryPushbackTrailer) is { } text && long.TryParse(text, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, MaxPushback.TotalMilliseconds))
            : TimeSpan.Zero;

    private TimeSpan ServerCpu() => servers.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.CpuTime());
}

/// <summary>One RPC called one at a time: mean wall time per call and, when known, the server's CPU time per call.</summary>
internal sealed record BaselineResult(string Rpc, RpcTally Tally, TimeSpan WallPerCall, TimeSpan? ServerCpuPerCall);

/// <summary>What one phase measured: per-RPC tallies, its wall time, the server's CPU and peak memory, the client's own CPU.</summary>
internal sealed record PhaseResult(LoadPhase Phase, IReadOnlyDictionary<string, RpcTally> ByRpc, TimeSpan Wall, TimeSpan? ServerCpu,
    TimeSpan ClientCpu, long? ServerPeakRssBytes, bool PeakReset);
