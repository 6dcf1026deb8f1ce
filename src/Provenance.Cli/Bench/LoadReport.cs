using System.Globalization;
using System.Text.Json;
using Grpc.Core;

namespace Provenance.Cli.Bench;

/// <summary>
/// Prints a load run as Markdown tables (pasted into the README as they are) or as JSON lines. The share of the
/// ideal is the CPU the successful calls would have cost one at a time (baseline CPU per call times calls) over
/// the CPU the machine had (cores times the phase's duration): 100% means concurrency lost nothing. On a machine
/// shared with other work that share mostly says how much of it the server got; the projected columns divide by
/// the CPU the server did get instead: projected calls/s = cores x successes / server CPU seconds (the rate with
/// the cores to itself, same mix), projected share = baseline CPU of those successes / server CPU spent.
/// </summary>
internal sealed class LoadReport(bool json, int cores, IReadOnlyList<LoadInput> inputs, string verifyInput, int servers)
{
    private readonly Dictionary<string, TimeSpan> _baselineCpu = [];
    private bool _phaseHeader;

    public void Setup()
    {
        var meanBytes = inputs.Average(i => (double)i.Bytes.Length);
        var meanMp = inputs.Average(i => i.Width * (double)i.Height) / 1e6;
        if (json)
        {
            Line(new { kind = "setup", photos = inputs.Count, mean_bytes = Math.Round(meanBytes), mean_megapixels = Math.Round(meanMp, 3), verify_input = verifyInput, servers, cores });
            return;
        }
        Console.WriteLine(Invariant($"{inputs.Count} photos, mean {meanMp:F2} MP, {meanBytes / 1024:F0} KiB; Verify gets them {verifyInput}; {servers} server(s); {cores} cores."));
        Console.WriteLine();
        Console.WriteLine("| baseline (one call at a time) | calls | wall ms/call | server CPU ms/call | ideal calls/s (cores / CPU) |");
        Console.WriteLine("|---|---|---|---|---|");
    }

    public void Baseline(BaselineResult result)
    {
        if (result.ServerCpuPerCall is { } cpu)
        {
            _baselineCpu[result.Rpc] = cpu;
        }
        var ideal = result.ServerCpuPerCall is { TotalSeconds: > 0 } c ? cores / c.TotalSeconds : double.NaN;
        if (json)
        {
            Line(new
            {
                kind = "baseline", rpc = result.Rpc, calls = result.Tally.Calls, ok = result.Tally.Ok, wall_ms = Ms(result.WallPerCall),
                server_cpu_ms = result.ServerCpuPerCall is { } s ? Ms(s) : (double?)null, ideal_per_s = Finite(ideal),
            });
            return;
        }
        Console.WriteLine(Invariant($"| {result.Rpc} | {result.Tally.Calls}{Errors(result.Tally)} | {Ms(result.WallPerCall):F1} | {Text(result.ServerCpuPerCall is { } t ? Ms(t) : double.NaN, "F1")} | {Text(ideal, "F1")} |"));
    }

    /// <summary>Milliseconds per baseline call in each stage of Sign and Verify, from the servers' stage histogram.</summary>
    public void Stages(IReadOnlyList<(string Stage, double MsPerCall, double RunsPerCall)> sign,
        IReadOnlyList<(string Stage, double MsPerCall, double RunsPerCall)> verify)
    {
        if (json)
        {
            foreach (var (rpc, stages) in new[] { (LoadRunner.Sign, sign), (LoadRunner.Verify, verify) })
            {
                foreach (var (stage, ms, runs) in stages)
                {
                    Line(new { kind = "stage", rpc, stage, ms_per_call = Math.Round(ms, 2), runs_per_call = Math.Round(runs, 2) });
                }
            }
            return;
        }
        Console.WriteLine();
        Console.WriteLine("| stage (baseline calls, server's histogram) | Sign ms/call | Verify ms/call |");
        Console.WriteLine("|---|---|---|");
        foreach (var stage in sign.Concat(verify).Select(s => s.Stage).Distinct())
        {
            var s = sign.FirstOrDefault(x => x.Stage == stage).MsPerCall;
            var v = verify.FirstOrDefault(x => x.Stage == stage).MsPerCall;
            Console.WriteLine(Invariant($"| {stage} | {(s > 0 ? s.ToString("F2", CultureInfo.InvariantCulture) : "-")} | {(v > 0 ? v.ToString("F2", CultureInfo.InvariantCulture) : "-")} |"));
        }
    }

    public void Phase(PhaseResult result)
    {
        var seconds = result.Phase.Duration.TotalSeconds;
        var useful = result.ByRpc.Sum(r => r.Value.OkInWindow * (_baselineCpu.TryGetValue(r.Key, out var cpu) ? cpu.TotalSeconds : double.NaN));
        var share = useful / (cores * seconds);
        var okCalls = result.ByRpc.Sum(r => r.Value.Ok);
        var cpuPerCall = result.ServerCpu is { } serverCpu && okCalls > 0 ? serverCpu.TotalMilliseconds / okCalls : double.NaN;
        var rssMiB = result.ServerPeakRssBytes is { } rss ? rss / 1048576.0 : double.NaN;
        // What the server got of the machine: on a shared, busy host far less than all of it.
        var serverShare = result.ServerCpu is { } got ? got.TotalSeconds / (cores * result.Wall.TotalSeconds) : double.NaN;
        // On a machine shared with other work the server gets only part of the cores: its successes per CPU-second
        // it did get, times the cores, is what the same run would give with the cores to itself.
        var projectedShare = result.ServerCpu is { TotalSeconds: > 0 } spent
            ? result.ByRpc.Sum(r => r.Value.Ok * (_baselineCpu.TryGetValue(r.Key, out var cpu) ? cpu.TotalSeconds : double.NaN)) / spent.TotalSeconds
            : double.NaN;
        foreach (var (rpc, tally) in result.ByRpc.Where(r => r.Value.Calls > 0))
        {
            var perSecond = tally.OkInWindow / seconds;
            var projected = result.ServerCpu is { TotalSeconds: > 0 } used ? cores * tally.Ok / used.TotalSeconds : double.NaN;
            if (json)
            {
                Line(new
                {
                    kind = "phase", phase = result.Phase.Name, clients = result.Phase.Clients, seconds, rpc, calls = tally.Calls, ok = tally.Ok,
                    per_s = Math.Round(perSecond, 2), p50_ms = Finite(tally.Percentile(50)), p95_ms = Finite(tally.Percentile(95)),
                    p99_ms = Finite(tally.Percentile(99)), errors = tally.Statuses.Where(s => s.Key != StatusCode.OK).ToDictionary(s => s.Key.ToString(), s => s.Value),
                    share_of_ideal = Finite(share), projected_per_s = Finite(projected), projected_share_of_ideal = Finite(projectedShare), server_cpu_share = Finite(serverShare), server_cpu_ms_per_call = Finite(cpuPerCall), client_cpu_s = Math.Round(result.ClientCpu.TotalSeconds, 1),
                    server_peak_rss_mib = Finite(rssMiB), peak_since_phase_start = result.PeakReset,
                });
                continue;
            }
            if (!_phaseHeader)
            {
                Console.WriteLine();
                Console.WriteLine("| phase | rpc | s | calls/s | p50 ms | p95 ms | p99 ms | errors | share of ideal | projected calls/s | projected share | server got CPU | server CPU ms/call | client CPU s | server peak RSS MiB |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                _phaseHeader = true;
            }
            Console.WriteLine(Invariant($"| {result.Phase.Name} | {rpc} | {seconds:F0} | {perSecond:F1} | {tally.Percentile(50):F0} | {tally.Percentile(95):F0} | {tally.Percentile(99):F0} | {ErrorList(tally)} | {Text(share * 100, "F0")}% | {Text(projected, "F1")} | {Text(projectedShare * 100, "F0")}% | {Text(serverShare * 100, "F0")}% | {Text(cpuPerCall, "F1")} | {result.ClientCpu.TotalSeconds:F1} | {Text(rssMiB, "F0")}{(result.PeakReset ? "" : " (since start)")} |"));
        }
    }

    public void End()
    {
        if (!json)
        {
            Console.WriteLine();
            Console.WriteLine("calls/s counts successes that ended inside the phase; percentiles are over successful calls; server got CPU is its CPU time over cores x wall time; server CPU ms/call is that time over the phase's successful calls; projected calls/s = cores x successes / server CPU seconds; projected share = baseline CPU of those successes / server CPU spent.");
        }
    }

    private static string Errors(RpcTally tally) => tally.Ok == tally.Calls ? "" : $" ({ErrorList(tally)})";

    private static string ErrorList(RpcTally tally)
    {
        var errors = tally.Statuses.Where(s => s.Key != StatusCode.OK).OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}").ToList();
        return errors.Count == 0 ? "none" : string.Join(", ", errors);
    }

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 2);

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 2) : null;

    private static string Text(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(object value) => Console.WriteLine(JsonSerializer.Serialize(value));
}
