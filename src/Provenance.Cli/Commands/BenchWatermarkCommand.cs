using System.CommandLine;
using System.Globalization;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;
using Provenance.Cli.Bench;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench watermark`: the watermark robustness harness. Prints, per attack, the exact-ID recovery rate
/// and the mean raw coded-bit errors, then PSNR (mean, min) and the clean false-detection count.
/// </summary>
internal static class BenchWatermarkCommand
{
    // A fixed example key so that runs are comparable; never a production key.
    private const string BenchKeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01";

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of JPEG/PNG photos.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "photos")) };
        var trials = new Option<int>("--trials") { Description = "Clean (unmarked) trials for the false-positive count.", DefaultValueFactory = _ => 10_000 };
        var variants = new Option<int>("--variants") { Description = "Marked variants per photo (random ID, offset and crop position).", DefaultValueFactory = _ => 4 };
        var key = new Option<string>("--key") { Description = "Watermark key, hex (default: a fixed bench key).", DefaultValueFactory = _ => BenchKeyHex };
        var psnr = new Option<double?>("--psnr") { Description = "Target PSNR in dB (default: the library default)." };
        var threads = new Option<int>("--threads") { Description = "Photos processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var only = new Option<string?>("--attacks") { Description = "Comma-separated substrings selecting attacks (default: all)." };
        var limit = new Option<int>("--photos") { Description = "Use only the first N photos (0 = all).", DefaultValueFactory = _ => 0 };
        var check = new Option<int>("--check-reference") { Description = "Photos on which each attack is also made by ImageMagick/cjpeg/cwebp and compared.", DefaultValueFactory = _ => 2 };
        var failures = new Option<bool>("--show-failures") { Description = "List every failed trial." };
        var reference = new Option<bool>("--reference-codecs") { Description = "Make codec attacks and load photos with cjpeg/djpeg, cwebp/dwebp and ImageMagick instead of the project's codecs." };
        var marking = new Option<string>("--marking")
        {
            Description = "frame: mark the decoded photo; jpeg-planes: as Sign marks a JPEG (the photo as a q95 JPEG, marked in its luma plane, encoded from the planes); jpeg-frame: the same through an RGB frame.",
            DefaultValueFactory = _ => "frame",
        };
        marking.AcceptOnlyFromAmong("frame", "jpeg-planes", "jpeg-frame");
        var sourceQuality = new Option<int>("--source-quality")
        {
            Description = "With --marking jpeg-planes or jpeg-frame: the quality of the JPEG the photo is made first (1..100).",
            DefaultValueFactory = _ => MarkingPath.DefaultSourceQuality,
        };
        var shortSide = new Option<string>("--short-side")
        {
            Description = "Scale every photo (Lanczos-3) so its shorter side is this many pixels before marking: the harness on thumbnails and avatars (0 = as loaded); LO-HI gives each photo a size of that range (fixed per photo name).",
            DefaultValueFactory = _ => "0",
        };
        var traceFailures = new Option<bool>("--trace-failures") { Description = "With --show-failures: every hypothesis the detector tried on a failed trial.", Hidden = true };
        var photoNames = new Option<string?>("--photo-names") { Description = "Comma-separated substrings selecting photos by file name (default: all)." };
        var explicitLabel = new Option<string?>("--explicit-label")
        {
            Description = "Draw Sign's visible AI label on every photo before marking, at this position (bottom-right, bottom-left, top-right, top-left, bottom-center, top-center).",
        };
        explicitLabel.AcceptOnlyFromAmong(Enum.GetValues<LabelPosition>().Select(p => p.Name()).ToArray());
        var labelText = new Option<string>("--label-text") { Description = "The label's text (with --explicit-label).", DefaultValueFactory = _ => ExplicitLabel.DefaultText };
        var presenceScores = new Option<FileInfo?>("--presence-scores") { Description = "Write every trial's presence-test score to this CSV (calibration of the gate).", Hidden = true };
        var tuning = new Option<string?>("--tuning") { Description = "Design-constant overrides for experiments, e.g. MaskGamma=0,ResidualRadius=3.", Hidden = true };

        var command = new Command("watermark", "Watermark robustness: attack suite over a corpus, PSNR, clean false detections.")
        {
            corpus, trials, variants, key, psnr, threads, only, limit, check, failures, tuning, reference, marking, sourceQuality, shortSide, explicitLabel,
            labelText, presenceScores, photoNames, traceFailures,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return 2;
            }
            var photos = dir.EnumerateFiles()
                .Where(f => f.Extension.ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
                .Select(f => f.FullName)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(photoNames) is { Length: > 0 } names)
            {
                var parts = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                photos = photos.Where(f => parts.Any(p => Path.GetFileName(f).Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            if (parse.GetValue(limit) > 0)
            {
                photos = photos.Take(parse.GetValue(limit)).ToList();
            }
            var options = new WatermarkOptions { KeyHex = parse.GetValue(key)! };
            if (parse.GetValue(psnr) is double target)
            {
                options = options with { TargetPsnrDb = target };
            }
            var attacks = AttackSuite.All;
            if (parse.GetValue(only) is { Length: > 0 } filter)
            {
                var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                attacks = attacks.Where(a => parts.Any(p => a.Name.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }

            var watermarker = new Watermarker(options, ParseTuning(parse.GetValue(tuning)));
            using var tools = new ExternalTools();
            bool useReference = parse.GetValue(reference);
            IAttackCodecs codecs = useReference ? new ExternalToolCodecs(tools) : new ProjectCodecs();
            Func<string, Provenance.Core.Imaging.ImageFrame> load = useReference ? tools.Load : ProjectCodecs.Load;
            if (!TryParseSides(parse.GetValue(shortSide)!, out int sideMin, out int sideMax))
            {
                Console.Error.WriteLine("--short-side is N or LO-HI.");
                return 2;
            }
            if (sideMax > 0)
            {
                if (sideMin < Watermarker.MinShortSide)
                {
                    Console.Error.WriteLine($"--short-side must be at least {Watermarker.MinShortSide} (the watermark's floor).");
                    return 2;
                }
                var loadFull = load;
                load = path => ScaledToShortSide(loadFull(path), SideFor(path, sideMin, sideMax));
            }
            if (parse.GetValue(sourceQuality) is < 1 or > 100)
            {
                Console.Error.WriteLine("--source-quality is 1..100.");
                return 2;
            }
            var markingPath = MarkingPath.Parse(parse.GetValue(marking)!, parse.GetValue(sourceQuality))!;
            ExplicitLabel? label = null;
            if (parse.GetValue(explicitLabel) is { } position)
            {
                try
                {
                    label = new ExplicitLabel(parse.GetValue(labelText)!, LabelPositions.Parse(position)!.Value);
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 2;
                }
            }
            var runner = new RobustnessRunner(watermarker, codecs, load, Math.Max(1, parse.GetValue(threads)), markingPath, label)
            {
                TraceFailures = parse.GetValue(traceFailures),
            };
            string scaling = sideMax > 0 ? $", short side {parse.GetValue(shortSide)} px" : "";
            Console.WriteLine($"# bench watermark{scaling}: {photos.Count} photos x {parse.GetValue(variants)} variants, {attacks.Count} attacks, {parse.GetValue(trials)} clean trials, target {options.TargetPsnrDb} dB, codecs: {codecs.Name}, marking: {markingPath.Name}"
                + (label is null ? "" : $", explicit label \"{label.Text}\" {label.Position.Name()}"));
            var report = runner.Run(photos, attacks, parse.GetValue(variants), parse.GetValue(trials), m => Console.Error.WriteLine(m));
            Print(report, parse.GetValue(failures));
            if (parse.GetValue(presenceScores) is { } csv)
            {
                WritePresenceScores(report, csv.FullName);
            }
            if (parse.GetValue(check) > 0)
            {
                var comparison = new ReferenceCheck(watermarker, tools, codecs).Run(photos.Take(parse.GetValue(check)).ToList(), attacks);
                PrintReference(comparison);
            }
            return 0;
        });
        return command;
    }

    private static bool TryParseSides(string text, out int min, out int max)
    {
        var parts = text.Split('-', 2);
        min = max = 0;
        if (!int.TryParse(parts[0], CultureInfo.InvariantCulture, out min))
        {
            return false;
        }
        max = min;
        return parts.Length == 1 || (int.TryParse(parts[1], CultureInfo.InvariantCulture, out max) && max >= min);
    }

    /// <summary>A short side in [min, max] that depends on the photo's name only (so runs are comparable).</summary>
    private static int SideFor(string path, int min, int max)
    {
        uint h = 2166136261;
        foreach (char c in Path.GetFileName(path))
        {
            h = unchecked((h ^ c) * 16777619);
        }
        return min + (int)(h % (uint)(max - min + 1));
    }

    /// <summary>The frame scaled so its shorter side is <paramref name="side"/> (aspect kept); disposes the input.</summary>
    private static Provenance.Core.Imaging.ImageFrame ScaledToShortSide(Provenance.Core.Imaging.ImageFrame frame, int side)
    {
        using (frame)
        {
            double factor = (double)side / Math.Min(frame.Width, frame.Height);
            int width = frame.Width <= frame.Height ? side : (int)Math.Round(frame.Width * factor);
            int height = frame.Height < frame.Width ? side : (int)Math.Round(frame.Height * factor);
            return Resize.Apply(frame, width, height, ResampleFilter.Lanczos3);
        }
    }

    private static WatermarkTuning ParseTuning(string? text)
    {
        var tuning = WatermarkTuning.Default;
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = pair.Split('=', 2);
            var property = typeof(WatermarkTuning).GetProperty(kv[0]) ?? throw new ArgumentException($"Unknown tuning {kv[0]}.");
            var value = Convert.ChangeType(kv[1], property.PropertyType, CultureInfo.InvariantCulture);
            tuning = tuning with { };
            property.SetValue(tuning, value);
        }
        return tuning;
    }

    private static void WritePresenceScores(RobustnessReport report, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path);
        writer.WriteLine("attack,trial,presence,unclipped,found_stage,found_rung,found_behind_gate,gate_closed,recovered,factor,activity");
        foreach (var p in report.Presence)
        {
            writer.WriteLine(string.Format(inv, "\"{0}\",\"{1}\",{2:F4},{3:F4},{4},{5},{6},{7},{8},{9},{10:F4}", p.Attack, p.Label, p.Trace.PresenceScore,
                p.Trace.PresenceUnclipped, p.Trace.FoundStage, p.Trace.FoundRung, p.Trace.FoundBehindGate ? 1 : 0, p.Trace.GateClosed ? 1 : 0,
                p.Recovered ? 1 : 0, p.Trace.Factor, p.Trace.Activity));
        }
    }

    private static void Print(RobustnessReport report, bool showFailures)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        // Exact ID and rate are the gated detector's (as the service runs it); the raw errors and pilot are the full
        // search's; gate miss rate is the share of trials whose mark the full search found behind the presence gate
        // while the gate was closed (those count as not recovered); found behind gate, how many marks the gate judged
        // (images of 1024 px and more) that were found after it, i.e. the trials where its decision mattered.
        Console.WriteLine("| attack | trials | exact ID | rate | wrong ID | mean raw bit errors /354 | mean pilot z | gate miss rate | found behind gate |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var a in report.Attacks)
        {
            Console.WriteLine(string.Format(inv, "| {0} | {1} | {2} | {3:P1} | {4} | {5:F1} | {6:F1} | {7:P1} | {8} |",
                a.Attack, a.Trials, a.Recovered, a.RecoveryRate, a.WrongId,
                a.Trials == 0 ? 0 : (double)a.RawBitErrors / a.Trials, a.Trials == 0 ? 0 : a.PilotSum / a.Trials,
                a.GateMissRate, a.FoundBehindGate));
        }
        Console.WriteLine();
        if (report.Quality.Count > 0)
        {
            Console.WriteLine(string.Format(inv, "PSNR over RGB: mean {0:F2} dB, min {1:F2} dB ({2})",
                report.Quality.Average(q => q.MeasuredPsnr), report.Quality.Min(q => q.MeasuredPsnr),
                report.Quality.MinBy(q => q.MeasuredPsnr)!.Photo));
            foreach (var q in report.Quality)
            {
                Console.WriteLine(string.Format(inv, "  {0,-20} {1,5}x{2,-5} {3:F2} dB (host bit SNR {4:F2})", q.Photo, q.Width, q.Height, q.MeasuredPsnr, q.HostBitSnr));
            }
        }
        var clean = report.Clean;
        Console.WriteLine(string.Format(inv, "Clean trials: {0}, false detections: {1}, pilot above threshold: {2}, max pilot z {3:F2}",
            clean.Trials, clean.FalsePositives.Count, clean.PilotAboveThreshold, clean.MaxPilot));
        var behind = report.Attacks.Where(a => a.FoundBehindGate > 0).ToList();
        Console.WriteLine(string.Format(inv, "Presence gate: judged {0} of {1} clean trials (1024 px and more, activity in its band), closed on {2} (max judged clean score {3:F2}); {4} gate misses over {5} marked trials; lowest score of a mark found behind the gate {6:F2}",
            clean.GateJudged, clean.Trials, clean.GateClosed, clean.MaxPresence, report.Attacks.Sum(a => a.GateMisses), report.Attacks.Sum(a => a.Trials),
            behind.Count == 0 ? double.NaN : behind.Min(a => a.MinPresenceBehindGate)));
        foreach (var fp in clean.FalsePositives)
        {
            Console.WriteLine("  FALSE POSITIVE " + fp);
        }
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
        Console.WriteLine(string.Format(inv, "Elapsed {0:F0} s", report.Elapsed.TotalSeconds));
    }

    private static void PrintReference(IReadOnlyList<ReferenceComparison> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("Reference check (same attack by ImageMagick / cjpeg / cwebp on the same marked image):");
        Console.WriteLine("| photo | attack | PSNR project vs reference | raw errors project | raw errors reference | ID project | ID reference |");
        Console.WriteLine("|---|---|---:|---:|---:|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Format(inv, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} |", r.Photo, r.Attack,
                double.IsNaN(r.PsnrBetween) ? "size differs" : r.PsnrBetween.ToString("F1", inv), r.ProjectRawErrors, r.ReferenceRawErrors,
                r.ProjectRecovered ? "yes" : "NO", r.ReferenceRecovered ? "yes" : "NO"));
        }
    }
}
