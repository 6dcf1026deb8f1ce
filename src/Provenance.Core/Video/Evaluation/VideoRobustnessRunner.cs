using System.Diagnostics;
using System.Globalization;
using Provenance.Core.External;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video.Evaluation;

/// <summary>How the harness samples: segment length, segments per clip and attack, and clean windows.</summary>
/// <param name="SegmentSeconds">Length of each attacked segment (the issue asks for 3 s).</param>
/// <param name="OffsetsPerClip">Segments per clip and attack, their starts spread evenly over the clip.</param>
/// <param name="CleanStepFrames">Clean windows start every this many frames of each unmarked clip.</param>
/// <param name="MaxCleanWindowsPerClip">At most this many clean windows per clip (0 = no limit).</param>
/// <param name="Diagnose">On a failed segment, also log the pilots of other poolings (all frames, the first frame).</param>
internal sealed record VideoBenchSettings(double SegmentSeconds, int OffsetsPerClip, int CleanStepFrames, int MaxCleanWindowsPerClip, int Seed, bool Diagnose = false);

/// <summary>Results of one attack over the corpus segments.</summary>
internal sealed class VideoAttackResult
{
    public required string Attack { get; init; }
    public int Segments { get; set; }
    public int Exact { get; set; }
    public int WrongId { get; set; }
    public double PilotSum { get; set; }
    public double Seconds { get; set; }

    /// <summary>Segments whose mark the ungated detector found but the presence gate would have lost (counted as not exact).</summary>
    public int GateMisses { get; set; }

    /// <summary>Segments whose mark was found only past the keyframes' first rung (so the gate's decision mattered).</summary>
    public int FoundBehindGate { get; set; }
    public List<string> Failures { get; } = [];
}

/// <summary>A marked clip: its size, frames and the mean per-frame luma PSNR of the mark (before re-encoding).</summary>
internal sealed record VideoMarkQuality(string Clip, int Width, int Height, int Frames, double MeanLumaPsnrDb, double FullClipPilot, bool FullClipExact);

internal sealed record VideoBenchReport(
    IReadOnlyList<VideoAttackResult> Attacks,
    IReadOnlyList<VideoMarkQuality> Quality,
    int CleanWindows,
    IReadOnlyList<string> FalseDetections,
    double MaxCleanPilot,
    TimeSpan Elapsed,
    IReadOnlyList<VideoPresenceSample> Presence);

/// <summary>
/// One presence-gate sample, for the summary and the calibration file. <paramref name="Kind"/> "segment": a marked,
/// attacked segment through the detector (keyframes, then the fallback if it ran); "clean": a clean window, whose
/// first frame stands for the one keyframe of a re-encoded segment and whose eight-frame pool for the fallback's.
/// Scores are NaN where not computed; <paramref name="FoundStage"/> 1 = keyframes, 2 = fallback, 0 = not found.
/// </summary>
internal sealed record VideoPresenceSample(
    string Kind, string Clip, string Attack, double Offset, int Factor,
    int Keyframes, double KeyframeScore, double KeyframeActivity, bool KeyframeGateClosed, bool KeyframeFoundBehindGate,
    int FallbackFrames, double FallbackScore, double FallbackActivity, bool FallbackGateClosed,
    int FoundStage, bool Exact, bool GateMissed);

/// <summary>
/// The video watermark's robustness harness. Each clip large enough to mark is marked as Sign marks it
/// (<see cref="VideoWatermarker"/>: same codec family and bit rate as the input), then for every attack ffmpeg cuts a
/// segment at several offsets and makes the attack on it in the same run, and the product's detector
/// (<see cref="VideoWatermarkDetector.Detect"/>, sampling frames from the segment file) must return the ID exactly.
/// Clean windows: every clip, unmarked, decoded once; a window of the segment length starting at every
/// <see cref="VideoBenchSettings.CleanStepFrames"/>-th frame, its frames sampled as the detector samples a segment
/// (eight, spread evenly) and pooled by the same <see cref="VideoWatermarkDetector.Pool"/>; any detection is false.
/// </summary>
internal sealed class VideoRobustnessRunner(Watermarker watermarker, MediaLimits limits, int threads)
{
    public VideoBenchReport Run(IReadOnlyList<string> clips, IReadOnlyList<VideoAttack> attacks, VideoBenchSettings settings, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var results = attacks.Select(a => new VideoAttackResult { Attack = a.Name }).ToList();
        var quality = new List<VideoMarkQuality>();
        var detector = new VideoWatermarkDetector(watermarker);
        var work = Directory.CreateTempSubdirectory("video-bench-").FullName;
        var random = new Random(settings.Seed);
        var presence = new System.Collections.Concurrent.ConcurrentBag<VideoPresenceSample>();
        try
        {
            // With no attack selected, the run is the clean windows alone: nothing is marked.
            foreach (var clip in attacks.Count == 0 ? [] : clips)
            {
                var name = Path.GetFileName(clip);
                var info = VideoProbe.Probe(clip, limits);
                if (Math.Min(info.Width, info.Height) < VideoWatermarker.MinShortSide || info.DurationSeconds < settings.SegmentSeconds)
                {
                    log($"{name}: {info.Width}x{info.Height}, {info.DurationSeconds:0.0} s: too small or short to mark; clean windows only");
                    continue;
                }
                var id = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                var marked = Path.Combine(work, Path.GetFileNameWithoutExtension(clip) + ".marked.mp4");
                var mark = new VideoWatermarker(watermarker).Mark(clip, marked, "mp4", id, limits);
                var whole = detector.Detect(marked, limits).Detection;
                quality.Add(new VideoMarkQuality(name, info.Width, info.Height, mark.Frames, mark.MeanLumaPsnrDb, whole.PilotScore, whole.Detected && whole.Id == id));
                log(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {info.Width}x{info.Height} {info.FramesPerSecond:0.##} fps {info.DurationSeconds:0.0} s, {mark.Frames} frames marked ({mark.Embeddings} full embeddings), luma PSNR {mark.MeanLumaPsnrDb:0.00} dB; whole signed clip: pilot {whole.PilotScore:0.0}, exact {whole.Detected && whole.Id == id}"));
                var offsets = Offsets(info.DurationSeconds, settings);
                var jobs = (from a in Enumerable.Range(0, attacks.Count) from o in offsets where attacks[a].Applies(info) select (a, o)).ToList();
                Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
                {
                    var (a, offset) = job;
                    var attack = attacks[a];
                    var segment = Path.Combine(work, $"{Path.GetFileNameWithoutExtension(clip)}.{attack.Name}.{offset:0.00}.{attack.Extension}");
                    var started = Stopwatch.GetTimestamp();
                    MakeSegment(marked, segment, offset, settings.SegmentSeconds, attack.Arguments(info));
                    // Every stage runs past a closed gate, so a mark the gate would have lost is seen and counted as
                    // a miss; the result reported is what Verify (gates closing) would have returned.
                    var trace = new VideoDetectionTrace { Ungated = true };
                    var detection = detector.Detect(segment, limits, trace).Detection;
                    var gateMissed = trace.Missed;
                    var exact = detection.Detected && detection.Id == id && !gateMissed;
                    var behindGate = trace.FoundStage == 2 || trace.KeyframePlane is { FoundBehindGate: true };
                    presence.Add(Sample("segment", name, attack.Name, offset, trace, detection.Detected && detection.Id == id));
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"  {name} @{offset:0.00}s [{attack.Name}]: pilot {detection.PilotScore:0.0}, {(exact ? "exact" : gateMissed ? "GATE MISS" : detection.Detected ? "WRONG ID" : "missed")}, bit errors {detection.BitErrorsCorrected}, scale {detection.Scale:0.000}, presence {trace.KeyframePlane?.PresenceScore ?? double.NaN:0.00} ({trace.KeyframeCount} keyframes){(trace.FallbackRun ? string.Create(CultureInfo.InvariantCulture, $" / {trace.FallbackPlane?.PresenceScore ?? double.NaN:0.00} ({trace.FallbackCount} frames)") : "")}");
                    if (settings.Diagnose && !exact)
                    {
                        line += Diagnose(segment, detector, id);
                    }
                    File.Delete(segment);
                    log(line);
                    var result = results[a];
                    lock (result)
                    {
                        result.Segments++;
                        result.Exact += exact ? 1 : 0;
                        result.WrongId += detection.Detected && detection.Id != id ? 1 : 0;
                        result.GateMisses += gateMissed ? 1 : 0;
                        result.FoundBehindGate += behindGate ? 1 : 0;
                        result.PilotSum += detection.PilotScore;
                        result.Seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
                        if (!exact)
                        {
                            result.Failures.Add(line.Trim());
                        }
                    }
                });
                File.Delete(marked);
            }

            var falseDetections = new List<string>();
            var cleanWindows = 0;
            var maxPilot = 0.0;
            foreach (var clip in clips)
            {
                var (windows, falses, pilot) = Clean(clip, detector, settings, presence, log);
                cleanWindows += windows;
                falseDetections.AddRange(falses);
                maxPilot = Math.Max(maxPilot, pilot);
            }
            return new VideoBenchReport(results, quality, cleanWindows, falseDetections, maxPilot, clock.Elapsed,
                presence.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Clip, StringComparer.Ordinal)
                    .ThenBy(p => p.Attack, StringComparer.Ordinal).ThenBy(p => p.Offset).ToList());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static VideoPresenceSample Sample(string kind, string clip, string attack, double offset, VideoDetectionTrace trace, bool found) =>
        new(kind, clip, attack, offset, trace.KeyframePlane?.Factor ?? trace.FallbackPlane?.Factor ?? 0,
            trace.KeyframeCount, trace.KeyframePlane?.PresenceScore ?? double.NaN, trace.KeyframePlane?.Activity ?? double.NaN,
            trace.KeyframePlane?.GateClosed ?? false, trace.KeyframePlane?.FoundBehindGate ?? false,
            trace.FallbackCount, trace.FallbackPlane?.PresenceScore ?? double.NaN, trace.FallbackPlane?.Activity ?? double.NaN,
            trace.FallbackPlane?.GateClosed ?? false,
            trace.FoundStage, found && !trace.Missed, trace.Missed);

    /// <summary>Pilots (and exactness) of the mean of every decoded frame, of the first frame, and of the best of 12 frames alone.</summary>
    private string Diagnose(string segment, VideoWatermarkDetector detector, ulong id)
    {
        var info = VideoProbe.Probe(segment, limits);
        var pixels = info.Width * info.Height;
        using var process = FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-i", segment, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", "-"], redirectInput: false);
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        var frames = new List<byte[]>();
        while (frames.Count < 1000)
        {
            var frame = new byte[pixels];
            if (process.StandardOutput.BaseStream.ReadAtLeast(frame, pixels, throwOnEndOfStream: false) != pixels)
            {
                break;
            }
            frames.Add(frame);
        }
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        _ = errors.Result;
        string Show(WatermarkDetection d) => string.Create(CultureInfo.InvariantCulture, $"{d.PilotScore:0.0}{(d.Detected && d.Id == id ? "+" : d.Detected ? "!" : "")}");
        var all = detector.Pool(frames, info).Detection;
        var first = detector.Pool([frames[0]], info).Detection;
        var singles = Enumerable.Range(0, 12).Select(i => frames[i * frames.Count / 12]).Select(f => detector.Pool([f], info).Detection).ToList();
        return $" | all {frames.Count} frames {Show(all)}, first {Show(first)}, singles {string.Join(" ", singles.Select(Show))}";
    }

    /// <summary>Segment starts spread evenly from the clip's start to the last full segment.</summary>
    internal static IReadOnlyList<double> Offsets(double duration, VideoBenchSettings settings)
    {
        var last = Math.Max(0, duration - settings.SegmentSeconds - 0.1);
        var count = Math.Max(1, settings.OffsetsPerClip);
        return count == 1 ? [last / 2] : Enumerable.Range(0, count).Select(i => last * i / (count - 1)).ToList();
    }

    private static void MakeSegment(string input, string output, double offset, double seconds, IReadOnlyList<string> attack)
    {
        var arguments = new List<string>
        {
            "-nostdin", "-v", "error", "-y",
            "-ss", offset.ToString("0.###", CultureInfo.InvariantCulture), "-t", seconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-i", input, "-map", "0:v:0", "-an",
        };
        arguments.AddRange(attack);
        arguments.Add(output);
        using var process = FfmpegTool.Start("ffmpeg", arguments, redirectInput: false);
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
        {
            FfmpegTool.KillQuietly(process);
            throw new InvalidOperationException($"ffmpeg failed making {Path.GetFileName(output)}: {errors.Result.Trim()}");
        }
    }

    /// <summary>
    /// Clean windows of one unmarked clip: its luma decoded once, a ring of one window's frames kept, each window's
    /// sample (eight frames spread evenly, as the detector samples a segment) pooled and detected.
    /// </summary>
    private (int Windows, List<string> False, double MaxPilot) Clean(string clip, VideoWatermarkDetector detector, VideoBenchSettings settings,
        System.Collections.Concurrent.ConcurrentBag<VideoPresenceSample> presence, Action<string> log)
    {
        var info = VideoProbe.Probe(clip, limits);
        var pixels = info.Width * info.Height;
        var windowFrames = Math.Max(VideoWatermarkDetector.SampleCount, (int)Math.Round(settings.SegmentSeconds * info.FramesPerSecond));
        var ring = new byte[windowFrames][];
        var falses = new List<string>();
        var windows = new List<(int Start, byte[][] Frames)>();
        var maxPilot = 0.0;
        var count = 0;
        var started = Stopwatch.GetTimestamp();
        using var process = FfmpegTool.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-i", clip, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", "-"], redirectInput: false);
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        var source = process.StandardOutput.BaseStream;
        var gate = new object();

        void Flush()
        {
            Parallel.ForEach(windows, new ParallelOptions { MaxDegreeOfParallelism = threads }, window =>
            {
                // The pool searched whatever the gate says, so the false detections count the search as before, with
                // the gate's decision on the pool recorded; and the presence score of the window's first frame alone, as the one keyframe of a re-encoded
                // segment that decides whether the fallback runs.
                var trace = new DetectionTrace { AlwaysScore = true, Ungated = true };
                var detection = detector.Pool(window.Frames, info, trace).Detection;
                var (single, activity, _) = detector.PresenceOf([window.Frames[0]], info);
                var tuning = watermarker.Video.Tuning;
                var singleClosed = tuning.PresenceThreshold > 0 && trace.Factor >= tuning.PresenceMinFactor
                    && activity >= tuning.PresenceMinActivity && activity <= tuning.PresenceMaxActivity && single < tuning.PresenceThreshold;
                presence.Add(new VideoPresenceSample("clean", Path.GetFileName(clip), "", window.Start, trace.Factor,
                    1, single, activity, singleClosed, false, window.Frames.Length, trace.PresenceScore, trace.Activity, trace.GateClosed, 0, false, false));
                lock (gate)
                {
                    maxPilot = Math.Max(maxPilot, detection.PilotScore);
                    if (detection.Detected)
                    {
                        falses.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{Path.GetFileName(clip)} frames {window.Start}..{window.Start + windowFrames - 1}: ID {detection.Id:x16}, pilot {detection.PilotScore:0.0}"));
                    }
                }
            });
            windows.Clear();
        }

        for (var frameIndex = 0; ; frameIndex++)
        {
            var slot = ring[frameIndex % windowFrames] ??= new byte[pixels];
            if (source.ReadAtLeast(slot, pixels, throwOnEndOfStream: false) != pixels)
            {
                break;
            }
            var start = frameIndex - windowFrames + 1;
            if (start < 0 || start % Math.Max(1, settings.CleanStepFrames) != 0)
            {
                continue;
            }
            if (settings.MaxCleanWindowsPerClip > 0 && count >= settings.MaxCleanWindowsPerClip)
            {
                break;
            }
            // Copies, since the ring moves on while windows wait for a parallel batch.
            var sample = Enumerable.Range(0, VideoWatermarkDetector.SampleCount)
                .Select(i => (byte[])ring[(start + (int)((i + 0.5) * windowFrames / VideoWatermarkDetector.SampleCount)) % windowFrames].Clone())
                .ToArray();
            windows.Add((start, sample));
            count++;
            if (windows.Count >= Math.Max(1, threads) * 2)
            {
                Flush();
            }
        }
        Flush();
        source.CopyTo(Stream.Null);
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            FfmpegTool.KillQuietly(process);
        }
        _ = errors.Result;
        log(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(clip)}: {count} clean windows of {windowFrames} frames, {falses.Count} false detections, max pilot {maxPilot:0.00} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)"));
        return (count, falses, maxPilot);
    }
}
