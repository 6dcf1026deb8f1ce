using System.CommandLine;
using System.Globalization;
using Provenance.Core.Audio.Watermark;
using Provenance.Core.Audio.Watermark.Evaluation;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench audio-watermark`: the audio watermark's robustness harness. Prints, per attack, the fraction
/// of 10 s and 5 s windows (random offsets, no alignment given) whose ID was recovered exactly, then the SNR of
/// each clip's mark and the false detections over clean windows.
/// </summary>
internal static class BenchAudioWatermarkCommand
{
    // A fixed example key so that runs are comparable; never a production key.
    private const string BenchKeyHex = "A0D10A0D10A0D10A0D10A0D10A0D1001";

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of audio files (short voice WAVs are concatenated).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "audio")) };
        var windows = new Option<int>("--windows") { Description = "Windows per clip, attack and length (10 s, 5 s).", DefaultValueFactory = _ => 4 };
        var clean = new Option<int>("--clean") { Description = "Clean (unmarked) windows for the false-detection count.", DefaultValueFactory = _ => 200 };
        var only = new Option<string?>("--attacks") { Description = "Comma-separated substrings selecting attacks (default: all)." };
        var clipFilter = new Option<string?>("--clips") { Description = "Comma-separated substrings selecting clips (default: all)." };
        var threads = new Option<int>("--threads") { Description = "Clips processed in parallel.", DefaultValueFactory = _ => 1 };
        var speech = new Option<bool>("--no-speech") { Description = "Leave out the espeak-ng speech." };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Longest part of each file used.", DefaultValueFactory = _ => 30 };
        var snr = new Option<double?>("--snr") { Description = "Target SNR in dB (default: the library default)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var failures = new Option<bool>("--show-failures") { Description = "List every failed window." };
        var cost = new Option<string?>("--verify-cost") { Description = "Only time detection against ffmpeg's decode of this file (first 60 s, as MP3 128k), marked and unmarked." };
        var tuning = new Option<string?>("--tuning") { Description = "Design-constant overrides for experiments, e.g. CapFactor=1.5.", Hidden = true };
        var command = new Command("audio-watermark", "Audio watermark robustness: attack suite over an audio corpus, SNR, clean false detections.")
        {
            corpus, windows, clean, only, clipFilter, threads, speech, maxSeconds, snr, seed, failures, tuning, cost,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return 2;
            }
            var options = new AudioWatermarkOptions { KeyHex = BenchKeyHex };
            if (parse.GetValue(snr) is double target)
            {
                options = options with { TargetSnrDb = target };
            }
            if (parse.GetValue(cost) is { Length: > 0 } costFile)
            {
                var r = AudioDetectionCost.Measure(new AudioWatermarker(options, AudioWatermarkTuning.Parse(parse.GetValue(tuning))), costFile, 60, repeats: 5);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(costFile)} {r.Seconds:0.0} s as MP3 128k, medians of 5: ffmpeg decode {r.Decode * 1000:0} ms; detect marked {r.DetectMarked * 1000:0} ms ({r.DetectMarked / r.Decode:0.00}x, found: {r.Found}); detect unmarked {r.DetectUnmarked * 1000:0} ms ({r.DetectUnmarked / r.Decode:0.00}x)"));
                return r.Found ? 0 : 1;
            }
            var attacks = AudioAttackSuite.All;
            if (parse.GetValue(only) is { Length: > 0 } filter)
            {
                var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                attacks = attacks.Where(a => parts.Any(p => a.Name.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var clips = AudioCorpus.Load(dir.FullName, minSeconds: 12, parse.GetValue(maxSeconds), !parse.GetValue(speech));
            if (parse.GetValue(clipFilter) is { Length: > 0 } cf)
            {
                var parts = cf.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                clips = clips.Where(c => parts.Any(p => c.Name.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var watermarker = new AudioWatermarker(options, AudioWatermarkTuning.Parse(parse.GetValue(tuning)));
            var runner = new AudioRobustnessRunner(watermarker, parse.GetValue(threads));
            Console.WriteLine($"# bench audio-watermark: {clips.Count} clips x {parse.GetValue(windows)} windows of 10 s and 5 s, {attacks.Count} attacks, {parse.GetValue(clean)} clean windows, target SNR {options.TargetSnrDb} dB");
            var report = runner.Run(clips, attacks, parse.GetValue(windows), parse.GetValue(clean), parse.GetValue(seed), m => Console.Error.WriteLine(m));

            Console.WriteLine();
            Console.WriteLine("| attack | 10 s windows | exact | rate | 5 s windows | exact | rate | wrong ID | mean pilot z (5 s) | mean corrected errors (5 s, 354 = lost) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in report.Attacks)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Attack} | {r.Windows10} | {r.Exact10} | {Rate(r.Exact10, r.Windows10)} | {r.Windows5} | {r.Exact5} | {Rate(r.Exact5, r.Windows5)} | {r.WrongId} | {(r.Windows5 == 0 ? 0 : r.SumPilot5 / r.Windows5):0.0} | {(r.Windows5 == 0 ? 0 : r.SumErrors5 / r.Windows5):0.0} |"));
            }
            Console.WriteLine();
            var snrs = report.Quality.Select(q => q.SnrDb).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SNR of the mark: mean {snrs.Average():0.00} dB, min {snrs.Min():0.00} dB"));
            foreach (var q in report.Quality)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {q.Clip,-24} {q.SnrDb,6:0.00} dB  strength {q.Strength:0.000}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Clean windows: {report.CleanWindows}, false detections: {report.FalseDetections}, max pilot z {report.MaxCleanPilot:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean detection time per marked window: {report.SecondsPerDetect * 1000:0} ms"));
            if (parse.GetValue(failures))
            {
                foreach (var r in report.Attacks)
                {
                    foreach (var f in r.Failures)
                    {
                        Console.WriteLine($"  fail [{r.Attack}] {f}");
                    }
                }
            }
            return 0;
        });
        return command;
    }

    private static string Rate(int exact, int total) =>
        total == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * exact / total:0.0} %");
}
