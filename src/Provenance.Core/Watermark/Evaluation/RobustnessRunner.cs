using System.Collections.Concurrent;
using System.Diagnostics;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>
/// The robustness harness: embeds a random ID in every photo (several variants each), runs every attack, detects,
/// and counts exact recoveries and raw coded-bit errors; measures PSNR; runs clean (unmarked) trials under random
/// crops and attacks and counts false detections. Parallel over photos; every random choice is seeded, so a run
/// is reproducible.
/// Marked trials run the detector past a closed presence gate and count what the gate would have lost (a mark
/// found behind the gate when the presence test said "absent"); the recoveries reported are what the gated
/// detector, as the service runs it, returns. Clean trials run gated, as the service does.
/// </summary>
/// <param name="label">When set, every photo gets this visible label before it is marked, as Sign draws it, and
/// the label is part of what PSNR compares against and of what the clean trials run on.</param>
internal sealed class RobustnessRunner(Watermarker watermarker, IAttackCodecs codecs, Func<string, ImageFrame> load, int threads,
    MarkingPath? marking = null, ExplicitLabel? label = null)
{
    private readonly MarkingPath _marking = marking ?? MarkingPath.Frame;

    /// <summary>Diagnostics: list every hypothesis the detector tried on a failed trial, with its raw errors.</summary>
    public bool TraceFailures { get; init; }

    /// <summary>The photo at <paramref name="path"/>, with the explicit label drawn on it when the run has one.</summary>
    private ImageFrame Load(string path)
    {
        var frame = load(path);
        if (label is not null)
        {
            LabelCompositor.Apply(LabelRenderer.Render(label, frame.Width, frame.Height), frame);
        }
        return frame;
    }

    public RobustnessReport Run(IReadOnlyList<string> photos, IReadOnlyList<WatermarkAttack> attacks, int variants,
        int cleanTrials, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = attacks.Select(a => new AttackOutcome(a.Name)).ToArray();
        var psnr = new ConcurrentBag<PhotoQuality>();
        var clean = new CleanOutcome();
        var samples = new ConcurrentBag<PresenceSample>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, photos.Count, options, index =>
        {
            string path = photos[index];
            using var original = Load(path);
            for (int variant = 0; variant < variants; variant++)
            {
                var random = new Random(StableHash(Path.GetFileName(path)) * 31 + variant);
                ulong id = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
                using var marked = _marking.Mark(watermarker, original, id, out var embedding);
                if (variant == 0)
                {
                    psnr.Add(new PhotoQuality(Path.GetFileName(path), original.Width, original.Height, embedding.PsnrDb, Psnr(original, marked), embedding.HostBitSnr));
                }
                using var start = variant == 0 ? marked.Clone() : AttackSuite.Shift(marked, random);
                var coded = new byte[PayloadCodec.CodedBits];
                watermarker.Layout.Codec.Encode(id, coded);
                var soft = new float[PayloadCodec.CodedBits];
                // One seed per attack of the whole suite, drawn in the suite's order, so a run on a subset of the
                // attacks (--attacks) makes exactly the trials the full run makes for them.
                var seeds = AttackSeeds(attacks, random);
                for (int a = 0; a < attacks.Count; a++)
                {
                    var context = new AttackContext(codecs, new Random(seeds[a]), variant == 0);
                    using var attacked = attacks[a].Apply(start, context);
                    var trace = new DetectionTrace { Ungated = true, AlwaysScore = true, TrueCoded = TraceFailures ? coded : null };
                    var result = watermarker.Detect(attacked, soft, trace);
                    int raw = 0;
                    for (int i = 0; i < coded.Length; i++)
                    {
                        raw += (soft[i] < 0) != (coded[i] == 1) || soft[i] == 0 ? 1 : 0;
                    }
                    string label = $"{Path.GetFileName(path)}#{variant}";
                    samples.Add(new PresenceSample(attacks[a].Name, label, trace, result.Detected && result.Id == id));
                    if (TraceFailures && !(result.Detected && result.Id == id))
                    {
                        label += $" {attacked.Width}x{attacked.Height}, embedded waxel {embedding.WaxelSize:F4}:\n      " + string.Join("\n      ", trace.Hypotheses);
                    }
                    outcomes[a].Add(result, id, raw, label, trace);
                }
            }
            progress?.Invoke($"{Path.GetFileName(path)}: marked trials done ({clock.Elapsed.TotalSeconds:F0} s)");
        });

        int perPhoto = photos.Count == 0 ? 0 : (cleanTrials + photos.Count - 1) / photos.Count;
        Parallel.For(0, photos.Count, options, index =>
        {
            string path = photos[index];
            using var original = Load(path);
            var random = new Random(StableHash(Path.GetFileName(path)) * 31 - 1);
            for (int trial = 0; trial < perPhoto; trial++)
            {
                using var cropped = RandomCrop(original, random);
                var attack = attacks[random.Next(attacks.Count)];
                using var attacked = attack.Apply(cropped, new AttackContext(codecs, new Random(random.Next()), false));
                var trace = new DetectionTrace { AlwaysScore = true };
                var result = watermarker.Detect(attacked, null, trace);
                string label = $"{Path.GetFileName(path)} {cropped.Width}x{cropped.Height} {attack.Name}";
                samples.Add(new PresenceSample("clean", label, trace, false));
                clean.Add(result, label, trace);
            }
            progress?.Invoke($"{Path.GetFileName(path)}: clean trials done ({clock.Elapsed.TotalSeconds:F0} s)");
        });
        return new RobustnessReport(outcomes, psnr.OrderBy(p => p.Photo, StringComparer.Ordinal).ToList(), clean, clock.Elapsed)
        {
            Presence = samples.OrderBy(p => p.Attack, StringComparer.Ordinal).ThenBy(p => p.Label, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// The seed of each attack's random source: one draw per attack of <see cref="AttackSuite.All"/> in its order,
    /// each attack taking the draw at its place there (an attack not in the suite takes a draw after them).
    /// </summary>
    private static int[] AttackSeeds(IReadOnlyList<WatermarkAttack> attacks, Random random)
    {
        var suite = AttackSuite.All;
        var drawn = new int[suite.Count];
        for (int i = 0; i < drawn.Length; i++)
        {
            drawn[i] = random.Next();
        }
        var seeds = new int[attacks.Count];
        for (int a = 0; a < attacks.Count; a++)
        {
            int index = -1;
            for (int i = 0; i < suite.Count; i++)
            {
                if (ReferenceEquals(suite[i], attacks[a]))
                {
                    index = i;
                    break;
                }
            }
            seeds[a] = index >= 0 ? drawn[index] : random.Next();
        }
        return seeds;
    }

    /// <summary>A crop keeping 30..100% of the area at a random aspect and position, never under 128 pixels a side.</summary>
    private static ImageFrame RandomCrop(ImageFrame frame, Random random)
    {
        double area = 0.3 + 0.7 * random.NextDouble();
        double aspect = Math.Exp((random.NextDouble() - 0.5) * 0.8);
        int width = Math.Clamp((int)(frame.Width * Math.Sqrt(area) * aspect), Math.Min(128, frame.Width), frame.Width);
        int height = Math.Clamp((int)(frame.Height * Math.Sqrt(area) / aspect), Math.Min(128, frame.Height), frame.Height);
        return Crop.Apply(frame, random.Next(frame.Width - width + 1), random.Next(frame.Height - height + 1), width, height);
    }

    /// <summary>A hash of a name that is the same in every process (string.GetHashCode is randomised).</summary>
    private static int StableHash(string name)
    {
        int h = 17;
        foreach (char c in name)
        {
            h = unchecked(h * 31 + c);
        }
        return h & 0x7FFFFF;
    }

    public static double Psnr(ImageFrame a, ImageFrame b)
    {
        long sum = 0;
        long count = 0;
        int bpp = a.BytesPerPixel;
        var pa = a.Pixels;
        var pb = b.Pixels;
        for (int p = 0; p < pa.Length; p += bpp)
        {
            for (int c = 0; c < 3; c++)
            {
                int d = pa[p + c] - pb[p + c];
                sum += d * d;
                count++;
            }
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * count / sum);
    }
}

internal sealed record PhotoQuality(string Photo, int Width, int Height, double ReportedPsnr, double MeasuredPsnr, double HostBitSnr);

/// <summary>Per-attack tallies (thread-safe).</summary>
internal sealed class AttackOutcome(string attack)
{
    private readonly object _gate = new();
    private readonly List<string> _failures = [];

    public string Attack { get; } = attack;
    public int Trials { get; private set; }
    public int Recovered { get; private set; }
    public int WrongId { get; private set; }
    public long RawBitErrors { get; private set; }
    public long CorrectedBitErrors { get; private set; }

    /// <summary>Trials where the full search found the mark behind the presence gate but the gate had closed.</summary>
    public int GateMisses { get; private set; }

    /// <summary>Trials whose mark was found behind the presence gate (so the gate's decision mattered).</summary>
    public int FoundBehindGate { get; private set; }

    /// <summary>Lowest presence score among trials found behind the gate (+infinity if none).</summary>
    public double MinPresenceBehindGate { get; private set; } = double.PositiveInfinity;

    public double GateMissRate => Trials == 0 ? 0 : (double)GateMisses / Trials;
    public double PilotSum { get; private set; }
    public IReadOnlyList<string> Failures => _failures;

    public double RecoveryRate => Trials == 0 ? 0 : (double)Recovered / Trials;

    /// <param name="result">The ungated detector's result; a trial the gate would have lost counts as not recovered.</param>
    public void Add(WatermarkDetection result, ulong id, int rawErrors, string label, DetectionTrace? trace = null)
    {
        lock (_gate)
        {
            Trials++;
            if (trace is { FoundBehindGate: true })
            {
                FoundBehindGate++;
                MinPresenceBehindGate = Math.Min(MinPresenceBehindGate, trace.PresenceScore);
            }
            if (trace is { Missed: true })
            {
                GateMisses++;
                result = WatermarkDetection.None(result.PilotScore);
                label += " gated out";
            }
            RawBitErrors += rawErrors;
            PilotSum += result.PilotScore;
            if (result.Detected && result.Id == id)
            {
                Recovered++;
                CorrectedBitErrors += result.BitErrorsCorrected;
            }
            else
            {
                if (result.Detected)
                {
                    WrongId++;
                }
                _failures.Add($"{label} (pilot {result.PilotScore:F1}, raw errors {rawErrors})");
            }
        }
    }
}

/// <summary>Clean-trial tallies (thread-safe).</summary>
internal sealed class CleanOutcome
{
    private readonly object _gate = new();
    private readonly List<string> _falsePositives = [];

    public int Trials { get; private set; }
    public double MaxPilot { get; private set; }
    public int PilotAboveThreshold { get; private set; }
    public IReadOnlyList<string> FalsePositives => _falsePositives;

    /// <summary>Trials on which the presence gate closed (the full search was skipped).</summary>
    public int GateClosed { get; private set; }

    /// <summary>Trials the gate judged (the others, under 1024 px or outside its activity band, are always searched).</summary>
    public int GateJudged { get; private set; }

    /// <summary>Highest presence score of a clean trial the gate judged.</summary>
    public double MaxPresence { get; private set; }

    public void Add(WatermarkDetection result, string label, DetectionTrace? trace = null)
    {
        lock (_gate)
        {
            Trials++;
            if (trace is not null)
            {
                GateClosed += trace.GateClosed ? 1 : 0;
                if (trace.GateJudged)
                {
                    GateJudged++;
                    MaxPresence = Math.Max(MaxPresence, trace.PresenceScore);
                }
            }
            MaxPilot = Math.Max(MaxPilot, result.PilotScore);
            if (result.PilotScore >= WatermarkTuning.Default.PilotThreshold)
            {
                PilotAboveThreshold++;
            }
            if (result.Detected)
            {
                _falsePositives.Add($"{label}: id {result.Id:x16}");
            }
        }
    }
}

internal sealed record RobustnessReport(IReadOnlyList<AttackOutcome> Attacks, IReadOnlyList<PhotoQuality> Quality, CleanOutcome Clean, TimeSpan Elapsed)
{
    /// <summary>Every trial's presence score and where its mark was found (calibration of the gate).</summary>
    public IReadOnlyList<PresenceSample> Presence { get; init; } = [];
}

/// <summary>One trial's presence score: <paramref name="Attack"/> is "clean" for an unmarked trial.</summary>
internal sealed record PresenceSample(string Attack, string Label, DetectionTrace Trace, bool Recovered);
