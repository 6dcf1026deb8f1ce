namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>Results of one attack over the corpus.</summary>
internal sealed class AudioAttackResult
{
    public required string Attack { get; init; }
    public int Windows10 { get; set; }
    public int Exact10 { get; set; }
    public int Windows5 { get; set; }
    public int Exact5 { get; set; }
    public int WrongId { get; set; }
    public double SumErrors5 { get; set; }
    public double SumPilot5 { get; set; }
    public List<string> Failures { get; } = [];
}

internal sealed record AudioBenchReport(
    IReadOnlyList<AudioAttackResult> Attacks,
    IReadOnlyList<(string Clip, double SnrDb, double Strength)> Quality,
    int CleanWindows, int FalseDetections, double MaxCleanPilot, double SecondsPerDetect);

/// <summary>
/// The robustness harness: marks every clip with a random ID, applies each attack to the whole marked clip, then
/// cuts windows of 10 s and 5 s at random offsets from the attacked audio and asks the detector for the ID (no
/// alignment is given). Clean windows come from the unmarked clips under every attack.
/// </summary>
internal sealed class AudioRobustnessRunner
{
    private readonly AudioWatermarker _watermarker;
    private readonly int _threads;

    public AudioRobustnessRunner(AudioWatermarker watermarker, int threads)
    {
        _watermarker = watermarker;
        _threads = Math.Max(1, threads);
    }

    public AudioBenchReport Run(IReadOnlyList<AudioClip> clips, IReadOnlyList<AudioAttack> attacks, int windowsPerLength,
        int cleanWindows, int seed, Action<string> log)
    {
        var results = attacks.Select(a => new AudioAttackResult { Attack = a.Name }).ToList();
        var quality = new (string, double, double)[clips.Count];
        long detectTicks = 0;
        int detects = 0;
        var gate = new object();
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, ci =>
        {
            var clip = clips[ci];
            var rng = new Random(seed + (ci * 7919));
            ulong id = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40);
            var embedding = _watermarker.Embed(clip.Audio, id);
            quality[ci] = (clip.Name, embedding.SnrDb, embedding.Strength);
            log($"{clip.Name}: {clip.Audio.DurationSeconds:0.0} s, {clip.Audio.Channels} ch, {clip.Audio.SampleRate} Hz, SNR {embedding.SnrDb:0.00} dB, strength {embedding.Strength:0.000}");
            for (int ai = 0; ai < attacks.Count; ai++)
            {
                var attacked = attacks[ai].Apply(embedding.Marked, rng);
                var realigned = DelayAlignment.Align(embedding.Marked, attacked);
                var diag = _watermarker.DiagnoseAligned(realigned, id);
                var channel = _watermarker.DiagnoseChannel(embedding.Marked, realigned);
                log(FormattableString.Invariant(
                    $"  {clip.Name} [{attacks[ai].Name}] aligned: pilot z {diag.Z:0.0}, raw errors {diag.RawErrors}/354, windows decoded 5 s {diag.Decoded5}/{diag.Windows5}, 10 s {diag.Decoded10}/{diag.Windows10}; features: slope {channel.Slope:0.000}, error rms {channel.ErrorRms:0.000}, drift rms {channel.DriftRms:0.000} over {channel.Groups}"));
                foreach (double seconds in new[] { 10.0, 5.0 })
                {
                    int len = (int)(seconds * attacked.SampleRate);
                    if (attacked.Frames < len)
                    {
                        continue;
                    }
                    for (int w = 0; w < windowsPerLength; w++)
                    {
                        int start = rng.Next(attacked.Frames - len + 1);
                        var window = AudioAttackSuite.Slice(attacked, start, len);
                        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                        var d = _watermarker.Detect(window);
                        long dt = System.Diagnostics.Stopwatch.GetTimestamp() - t0;
                        bool exact = d.Detected && d.Id == id;
                        lock (gate)
                        {
                            detectTicks += dt;
                            detects++;
                            var r = results[ai];
                            if (seconds == 10)
                            {
                                r.Windows10++;
                                r.Exact10 += exact ? 1 : 0;
                            }
                            else
                            {
                                r.Windows5++;
                                r.Exact5 += exact ? 1 : 0;
                                r.SumErrors5 += exact ? d.BitErrorsCorrected : 354;
                                r.SumPilot5 += d.PilotZ;
                            }
                            if (d.Detected && d.Id != id)
                            {
                                r.WrongId++;
                            }
                            if (!exact)
                            {
                                r.Failures.Add($"{clip.Name} {seconds:0}s@{(double)start / attacked.SampleRate:0.00}s pilot {d.PilotZ:0.0} speed {d.SpeedFactor:0.0000}");
                            }
                        }
                    }
                }
            }
            log($"{clip.Name}: done");
        });

        // Clean windows: unmarked clips under every attack, windows of 5 s and 10 s at random offsets.
        int falseDetections = 0;
        double maxPilot = 0;
        int done = 0;
        if (cleanWindows > 0)
        {
            var jobs = (from c in Enumerable.Range(0, clips.Count) from a in Enumerable.Range(0, attacks.Count) select (c, a)).ToList();
            int perJob = (cleanWindows + jobs.Count - 1) / jobs.Count;
            Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = _threads }, job =>
            {
                var rng = new Random(seed + 1_000_003 + (job.c * 131) + job.a);
                var attacked = attacks[job.a].Apply(clips[job.c].Audio, rng);
                for (int w = 0; w < perJob; w++)
                {
                    lock (gate)
                    {
                        if (done >= cleanWindows)
                        {
                            return;
                        }
                        done++;
                    }
                    double seconds = w % 2 == 0 ? 5 : 10;
                    int len = Math.Min(attacked.Frames, (int)(seconds * attacked.SampleRate));
                    int start = rng.Next(attacked.Frames - len + 1);
                    var d = _watermarker.Detect(AudioAttackSuite.Slice(attacked, start, len));
                    lock (gate)
                    {
                        falseDetections += d.Detected ? 1 : 0;
                        maxPilot = Math.Max(maxPilot, d.PilotZ);
                    }
                }
            });
        }
        double secondsPerDetect = detects == 0 ? 0 : (double)detectTicks / System.Diagnostics.Stopwatch.Frequency / detects;
        return new AudioBenchReport(results, quality, done, falseDetections, maxPilot, secondsPerDetect);
    }
}
