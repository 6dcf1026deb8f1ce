using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Provenance.Cli.Bench;
using Provenance.Cli.Output;
using Provenance.Cli.Service;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench load`: concurrent Sign and Verify calls against running servers, with the single-call
/// baseline measured in the same run (scripts/load.sh starts the servers for the README's figures).
/// </summary>
internal static class BenchLoadCommand
{
    public static Command Create()
    {
        var servers = new Option<string[]>("--server")
        {
            Description = "gRPC address of a server; repeat for replicas (clients are spread round-robin).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var pids = new Option<int[]>("--server-pid")
        {
            Description = "Process id of a server on this machine (repeat per replica): adds its CPU time per call and peak RSS (/proc).",
        };
        var files = new Argument<FileInfo[]>("files") { Description = "Photos to send (default: the --corpus folder's JPEG and PNG files).", Arity = ArgumentArity.ZeroOrMore };
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of photos.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "photos")) };
        var photos = new Option<int>("--photos") { Description = "Use at most this many photos (0 = all).", DefaultValueFactory = _ => 8 };
        var megapixels = new Option<double>("--megapixels") { Description = "Scale every photo to about this size, as a q90 JPEG (0 = send as is).", DefaultValueFactory = _ => 1.0 };
        var phases = new Option<string[]>("--phase")
        {
            Description = "KIND:CLIENTS, KIND sign, verify or mix; repeat for several phases (e.g. --phase verify:16 --phase verify:64).",
            DefaultValueFactory = _ => ["mix:16"],
        };
        var duration = new Option<double>("--duration") { Description = "Seconds per phase.", DefaultValueFactory = _ => 30 };
        var ratio = new Option<double>("--sign-ratio") { Description = "Share of Sign calls in a mix phase (0 to 1).", DefaultValueFactory = _ => 0.5 };
        var verifyInput = new Option<string>("--verify-input")
        {
            Description = "What Verify gets: signed (the file Sign returned: manifest checked, no decode), stripped (signed, then re-encoded without metadata: decode, watermark, store lookup, fingerprint) or unsigned (the photo: decode, no watermark, a report).",
            DefaultValueFactory = _ => "signed",
        };
        verifyInput.AcceptOnlyFromAmong("signed", "stripped", "unsigned");
        var warmup = new Option<double>("--warmup")
        {
            Description = "Seconds of a discarded mix phase (one client per core) before the baseline, so that the servers run optimised code (0 = none).",
            DefaultValueFactory = _ => 10,
        };
        var baseline = new Option<int>("--baseline-calls") { Description = "Calls of each RPC made one at a time before the phases (0 = none).", DefaultValueFactory = _ => 20 };
        var cores = new Option<int>("--cores") { Description = "Cores the server may use, for the share of the ideal throughput.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var timeout = new Option<double>("--timeout") { Description = "Deadline of each call, seconds.", DefaultValueFactory = _ => 60 };
        var apiKey = new Option<string?>("--api-key") { Description = $"Generator API key for Sign (default: ${ServiceConnection.ApiKeyVariable}, else the example key set's)." };
        var metrics = new Option<string[]>("--metrics")
        {
            Description = "Web address of a server (its /metrics; repeat per replica): prints the time per stage of the baseline's calls.",
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per line (baseline and phase rows) instead of tables." };

        var command = new Command("load", "Load: N concurrent clients per phase calling Sign and Verify; throughput, p50/p95/p99, errors by status.")
        {
            files, servers, pids, corpus, photos, megapixels, phases, duration, ratio, verifyInput, warmup, baseline, cores, timeout, apiKey, metrics, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new LoadOptions(
                parse.GetValue(servers) ?? [], parse.GetValue(pids) ?? [], parse.GetValue(files) ?? [], parse.GetValue(corpus)!, parse.GetValue(photos),
                parse.GetValue(megapixels), parse.GetValue(phases) ?? [], parse.GetValue(duration), parse.GetValue(ratio), parse.GetValue(verifyInput)!,
                parse.GetValue(warmup), parse.GetValue(baseline), parse.GetValue(cores), parse.GetValue(timeout), ServiceConnection.ResolveApiKey(parse.GetValue(apiKey)), parse.GetValue(metrics) ?? [], parse.GetValue(json));
            return RunAsync(options);
        });
        return command;
    }

    private static async Task<int> RunAsync(LoadOptions options)
    {
        if (Validate(options) is { } usage)
        {
            Console.Error.WriteLine(usage);
            return ExitCodes.UsageOrUnreadable;
        }
        var servers = options.Servers.Select(s => new Uri(s)).ToList();
        var duration = TimeSpan.FromSeconds(options.Duration);
        var phases = options.Phases.Select(p => LoadPhase.Parse(p, duration, out _)!).ToList();
        var stats = options.Pids.Select(p => new ServerProcessStats(p)).ToList();
        var key = options.ApiKey ?? ExampleGeneratorKey();
        if (key is null)
        {
            Console.Error.WriteLine($"Sign needs a generator API key: --api-key or ${ServiceConnection.ApiKeyVariable}.");
            return ExitCodes.UsageOrUnreadable;
        }

        var paths = options.Files.Length > 0
            ? options.Files.Select(f => f.FullName).ToList()
            : options.Corpus.EnumerateFiles().Where(f => f.Extension.ToLowerInvariant() is ".jpg" or ".jpeg" or ".png")
                .Select(f => f.FullName).Order(StringComparer.Ordinal).ToList();
        if (options.Photos > 0)
        {
            paths = paths.Take(options.Photos).ToList();
        }
        var inputs = LoadCorpus.Prepare(paths, options.Megapixels);
        using var target = new LoadTarget(servers, key, TimeSpan.FromSeconds(options.Timeout));
        // Every photo signed once: the Verify inputs, and a warm-up of both servers' code paths and connections.
        var verifyInputs = new List<ByteString>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var signed = await target.SignAsync(i, inputs[i].Bytes).ConfigureAwait(false);
            verifyInputs.Add(ByteString.CopyFrom(options.VerifyInput switch
            {
                "stripped" => LoadCorpus.Stripped(signed),
                "unsigned" => inputs[i].Bytes,
                _ => signed,
            }));
            await target.VerifyAsync(i, verifyInputs[^1]).ConfigureAwait(false);
        }
        var report = new LoadReport(options.Json, options.Cores, inputs, options.VerifyInput, servers.Count);
        report.Setup();

        var runner = new LoadRunner(target, inputs.Select(i => i.Bytes).ToList(), verifyInputs, stats, options.SignRatio);
        if (options.Warmup > 0)
        {
            // The runtime compiles a method first without optimisation and recompiles it once it is hot (tiered
            // compilation); a baseline taken on cold servers would charge that to the single call and make the ideal
            // throughput look lower than it is.
            await runner.RunAsync(new LoadPhase(LoadKind.Mix, options.Cores, TimeSpan.FromSeconds(options.Warmup))).ConfigureAwait(false);
        }
        if (options.BaselineCalls > 0)
        {
            var web = options.Metrics.Select(m => new Uri(m)).ToList();
            var beforeSign = web.Count > 0 ? await StageScrape.FetchAsync(web).ConfigureAwait(false) : null;
            report.Baseline(await runner.BaselineAsync(LoadRunner.Sign, options.BaselineCalls).ConfigureAwait(false));
            var afterSign = web.Count > 0 ? await StageScrape.FetchAsync(web).ConfigureAwait(false) : null;
            report.Baseline(await runner.BaselineAsync(LoadRunner.Verify, options.BaselineCalls).ConfigureAwait(false));
            if (beforeSign is not null && afterSign is not null)
            {
                var afterVerify = await StageScrape.FetchAsync(web).ConfigureAwait(false);
                report.Stages(StageScrape.PerCall(beforeSign, afterSign, "sign", options.BaselineCalls).ToList(),
                    StageScrape.PerCall(afterSign, afterVerify, "verify", options.BaselineCalls).ToList());
            }
        }
        foreach (var phase in phases)
        {
            report.Phase(await runner.RunAsync(phase).ConfigureAwait(false));
        }
        report.End();
        return ExitCodes.Success;
    }

    private static string? Validate(LoadOptions options)
    {
        if (options.Servers.Length == 0)
        {
            return "bench load needs at least one --server.";
        }
        foreach (var server in options.Servers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--server must be an http:// or https:// address such as http://127.0.0.1:50051, not '{server}'.";
            }
        }
        foreach (var address in options.Metrics)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--metrics must be a server's web address such as http://127.0.0.1:8080, not '{address}'.";
            }
        }
        foreach (var pid in options.Pids)
        {
            if (pid <= 0 || !new ServerProcessStats(pid).IsRunning())
            {
                return $"--server-pid {pid}: no such process on this machine.";
            }
        }
        foreach (var phase in options.Phases)
        {
            if (LoadPhase.Parse(phase, TimeSpan.Zero, out var error) is null)
            {
                return error;
            }
        }
        if (options.Phases.Length == 0)
        {
            return "bench load needs at least one --phase.";
        }
        if (options.Duration is <= 0 or > 86_400 || options.Timeout is <= 0 or > 3600 || options.Warmup is < 0 or > 3600)
        {
            return "--duration must be 0 to 86400 seconds, --timeout 0 to 3600 and --warmup 0 to 3600.";
        }
        if (options.SignRatio is < 0 or > 1 || options.Megapixels is < 0 or > 100 || options.Cores < 1 || options.BaselineCalls < 0 || options.Photos < 0)
        {
            return "--sign-ratio must be 0 to 1, --megapixels 0 to 100, --cores at least 1, --baseline-calls and --photos not negative.";
        }
        if (options.Files.FirstOrDefault(f => !f.Exists) is { } missing)
        {
            return $"{missing.FullName} does not exist.";
        }
        if (options.Files.Length == 0 && !options.Corpus.Exists)
        {
            return $"Corpus folder {options.Corpus.FullName} does not exist.";
        }
        return null;
    }

    /// <summary>The generator key of the example key set shipped beside the binary, which a service on defaults accepts.</summary>
    private static string? ExampleGeneratorKey()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "keys-example", KeyDirectory.GeneratorApiKeyFile);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private sealed record LoadOptions(
        string[] Servers, int[] Pids, FileInfo[] Files, DirectoryInfo Corpus, int Photos, double Megapixels, string[] Phases, double Duration,
        double SignRatio, string VerifyInput, double Warmup, int BaselineCalls, int Cores, double Timeout, string? ApiKey, string[] Metrics, bool Json);
}
