using System.CommandLine;
using System.Globalization;
using Provenance.Core;
using Provenance.Core.Video.Evaluation;
using Provenance.Core.Watermark;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench video-watermark`: the frame watermark's robustness harness over a folder of clips. Prints, per
/// attack, the share of 3 s segments whose ID was recovered exactly, then the mark's per-frame PSNR per clip and
/// the false detections over clean (unmarked) windows. docs/video.md holds the full run's command and table.
/// </summary>
internal static class BenchVideoWatermarkCommand
{
    // A fixed example key so that runs are comparable; never a production key.
    private const string BenchKeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01";

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of video clips (MP4, MOV, WebM, MKV).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "video")) };
        var offsets = new Option<int>("--offsets") { Description = "3 s segments per clip and attack, spread over the clip.", DefaultValueFactory = _ => 6 };
        var cleanStep = new Option<int>("--clean-step") { Description = "A clean window starts every this many frames of each unmarked clip.", DefaultValueFactory = _ => 1 };
        var cleanMax = new Option<int>("--clean-max") { Description = "At most this many clean windows per clip (0 = all).", DefaultValueFactory = _ => 0 };
        var only = new Option<string?>("--attacks") { Description = "Comma-separated substrings selecting attacks (default: all; \"none\": clean windows only)." };
        var clipFilter = new Option<string?>("--clips") { Description = "Comma-separated substrings selecting clips (default: all)." };
        var threads = new Option<int>("--threads") { Description = "Segments detected in parallel.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--short") { Description = "A quick run: 2 offsets per clip, clean windows every 8th frame, at most 60 per clip." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var failures = new Option<bool>("--show-failures") { Description = "List every failed segment." };
        var tuning = new Option<string?>("--tuning") { Description = "Video design-constant overrides for experiments, e.g. WaxelsPerShortSide=150,MinWaxel=3.", Hidden = true };
        var presenceScores = new Option<FileInfo?>("--presence-scores") { Description = "Write every segment's and clean window's presence-gate scores to this CSV (calibration of the gate).", Hidden = true };
        var diagnose = new Option<bool>("--diagnose") { Description = "On a failed segment, also log the pilot of other poolings (all frames, single frames)." };
        var command = new Command("video-watermark", "Video frame watermark robustness: ffmpeg attacks on 3 s segments, PSNR, clean false detections.")
        {
            corpus, offsets, cleanStep, cleanMax, only, clipFilter, threads, quick, seed, failures, diagnose, tuning, presenceScores,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return 2;
            }
            var clips = dir.EnumerateFiles()
                .Where(f => f.Extension.ToLowerInvariant() is ".mp4" or ".mov" or ".webm" or ".mkv")
                .Select(f => f.FullName)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(clipFilter) is { Length: > 0 } cf)
            {
                var parts = cf.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                clips = clips.Where(c => parts.Any(p => Path.GetFileName(c).Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var attacks = VideoAttackSuite.All;
            if (parse.GetValue(only) is { Length: > 0 } filter)
            {
                var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                attacks = attacks.Where(a => parts.Any(p => a.Name.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var settings = parse.GetValue(quick)
                ? new VideoBenchSettings(3, 2, 8, 60, parse.GetValue(seed), parse.GetValue(diagnose))
                : new VideoBenchSettings(3, Math.Max(1, parse.GetValue(offsets)), Math.Max(1, parse.GetValue(cleanStep)), Math.Max(0, parse.GetValue(cleanMax)), parse.GetValue(seed), parse.GetValue(diagnose));
            var watermarker = new Watermarker(new WatermarkOptions { KeyHex = BenchKeyHex }, WatermarkTuning.Default, ParseTuning(parse.GetValue(tuning)));
            var runner = new VideoRobustnessRunner(watermarker, MediaLimits.Default, Math.Max(1, parse.GetValue(threads)));
            Console.WriteLine($"# bench video-watermark: {clips.Count} clips, {attacks.Count} attacks, {settings.OffsetsPerClip} segments of {settings.SegmentSeconds} s per clip and attack, clean windows every {settings.CleanStepFrames} frames");
            var report = runner.Run(clips, attacks, settings, m => Console.Error.WriteLine(m));
            Print(report, watermarker.Video.Tuning, parse.GetValue(failures));
            if (parse.GetValue(presenceScores) is { } scoreFile)
            {
                WritePresence(report, scoreFile.FullName);
            }
            return report.FalseDetections.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The presence gate's summary: on marked segments, how often it closed on the keyframes and the lowest keyframe
    /// score of a mark found past the keyframes' first rung (where the gate decides); on clean windows, how often it
    /// would close on one frame (a re-encoded segment's one keyframe) and on the eight-frame pool, and their highest
    /// scores; per plane factor, since the gate judges only from <see cref="WatermarkTuning.PresenceMinFactor"/>.
    /// </summary>
    private static void PrintGate(VideoBenchReport report, WatermarkTuning tuning)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "Presence gate (threshold {0:0.00}, judges plane factor >= {1}):", tuning.PresenceThreshold, tuning.PresenceMinFactor));
        foreach (var group in report.Presence.GroupBy(p => p.Factor).OrderBy(g => g.Key))
        {
            var segments = group.Where(p => p.Kind == "segment").ToList();
            var behind = segments.Where(p => p.FoundStage == 2 || p.KeyframeFoundBehindGate).ToList();
            var clean = group.Where(p => p.Kind == "clean").ToList();
            Console.WriteLine(string.Format(inv,
                "  factor {0}: marked segments {1}, keyframe gate closed on {2}, misses {3}; found behind the gate {4}, lowest keyframe score {5:0.00}, lowest fallback score {6:0.00}",
                group.Key, segments.Count, segments.Count(p => p.KeyframeGateClosed), segments.Count(p => p.GateMissed), behind.Count,
                Min(behind.Select(p => p.KeyframeScore)), Min(behind.Where(p => p.FoundStage == 2).Select(p => p.FallbackScore))));
            Console.WriteLine(string.Format(inv,
                "  factor {0}: clean windows {1}, gate closed on {2} single frames (max score {3:0.00}) and {4} eight-frame pools (max score {5:0.00})",
                group.Key, clean.Count, clean.Count(p => p.KeyframeGateClosed), Max(clean.Select(p => p.KeyframeScore)),
                clean.Count(p => p.FallbackGateClosed), Max(clean.Select(p => p.FallbackScore))));
        }

        static double Min(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();
        static double Max(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();
    }

    private static void WritePresence(VideoBenchReport report, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path);
        writer.WriteLine("kind,clip,attack,offset,factor,keyframes,keyframe_score,keyframe_activity,keyframe_gate_closed,keyframe_found_behind_gate,fallback_frames,fallback_score,fallback_activity,fallback_gate_closed,found_stage,exact,gate_missed");
        foreach (var p in report.Presence)
        {
            writer.WriteLine(string.Format(inv, "{0},{1},{2},{3:0.###},{4},{5},{6:0.0000},{7:0.0000},{8},{9},{10},{11:0.0000},{12:0.0000},{13},{14},{15},{16}",
                p.Kind, p.Clip, p.Attack, p.Offset, p.Factor, p.Keyframes, p.KeyframeScore, p.KeyframeActivity, p.KeyframeGateClosed ? 1 : 0,
                p.KeyframeFoundBehindGate ? 1 : 0, p.FallbackFrames, p.FallbackScore, p.FallbackActivity, p.FallbackGateClosed ? 1 : 0, p.FoundStage,
                p.Exact ? 1 : 0, p.GateMissed ? 1 : 0));
        }
    }

    private static WatermarkTuning ParseTuning(string? text)
    {
        var tuning = WatermarkTuning.Video with { };
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = pair.Split('=', 2);
            var property = typeof(WatermarkTuning).GetProperty(kv[0]) ?? throw new ArgumentException($"Unknown tuning {kv[0]}.");
            property.SetValue(tuning, Convert.ChangeType(kv[1], property.PropertyType, CultureInfo.InvariantCulture));
        }
        return tuning;
    }

    private static void Print(VideoBenchReport report, WatermarkTuning tuning, bool showFailures)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| attack | segments | exact ID | rate | wrong ID | mean pilot z | mean s per segment | gate miss rate | found behind gate |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var a in report.Attacks)
        {
            Console.WriteLine(string.Format(inv, "| {0} | {1} | {2} | {3} | {4} | {5:0.0} | {6:0.0} | {7} | {8} |", a.Attack, a.Segments, a.Exact,
                a.Segments == 0 ? "-" : (100.0 * a.Exact / a.Segments).ToString("0.0", inv) + " %", a.WrongId,
                a.Segments == 0 ? 0 : a.PilotSum / a.Segments, a.Segments == 0 ? 0 : a.Seconds / a.Segments,
                a.Segments == 0 ? "-" : (100.0 * a.GateMisses / a.Segments).ToString("0.0", inv) + " %", a.FoundBehindGate));
        }
        Console.WriteLine();
        if (report.Quality.Count > 0)
        {
            Console.WriteLine(string.Format(inv, "Mark's mean per-frame luma PSNR: {0:0.00} dB over clips (min {1:0.00} dB)",
                report.Quality.Average(q => q.MeanLumaPsnrDb), report.Quality.Min(q => q.MeanLumaPsnrDb)));
            foreach (var q in report.Quality)
            {
                Console.WriteLine(string.Format(inv, "  {0,-24} {1}x{2} {3} frames {4:0.00} dB; whole signed clip pilot {5:0.0}, exact {6}",
                    q.Clip, q.Width, q.Height, q.Frames, q.MeanLumaPsnrDb, q.FullClipPilot, q.FullClipExact ? "yes" : "NO"));
            }
        }
        Console.WriteLine(string.Format(inv, "Clean windows: {0}, false detections: {1}, max pilot z {2:0.00}",
            report.CleanWindows, report.FalseDetections.Count, report.MaxCleanPilot));
        foreach (var f in report.FalseDetections)
        {
            Console.WriteLine("  FALSE DETECTION " + f);
        }
        PrintGate(report, tuning);
        if (showFailures)
        {
            foreach (var a in report.Attacks)
            {
                foreach (var f in a.Failures)
                {
                    Console.WriteLine($"  fail [{a.Attack}] {f}");
                }
            }
        }
        Console.WriteLine(string.Format(inv, "Elapsed {0:0} s", report.Elapsed.TotalSeconds));
    }
}
