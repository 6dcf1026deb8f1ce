using System.CommandLine;
using System.Globalization;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark.Evaluation;
using Provenance.Core.Fingerprint;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench audio-fingerprint`: every clip of the audio corpus fingerprinted as Sign does, each attack of the
/// audio watermark suite applied, windows of 10 s and 5 s cut at random offsets from the result, and each window
/// matched as Verify does against its own clip's fingerprint and against every other clip's. A speed change is
/// undone with the factor the watermark detector would report (its search grid), not the true one.
/// </summary>
internal static class BenchAudioFingerprintCommand
{
    /// <summary>The watermark detector's speed grid step (AudioDetector): what Verify can know of a speed change.</summary>
    private const double DetectorSpeedStep = 0.0035;

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of audio files (short voice WAVs are concatenated).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "audio")) };
        var windows = new Option<int>("--windows") { Description = "Windows per clip, attack and length (10 s, 5 s).", DefaultValueFactory = _ => 2 };
        var only = new Option<string?>("--attacks") { Description = "Comma-separated substrings selecting attacks (default: all)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("audio-fingerprint", "Audio fingerprint: same-clip and other-clip scores under the watermark's attack suite.")
        {
            corpus, windows, only, seed,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return 2;
            }
            var attacks = AudioAttackSuite.All;
            if (parse.GetValue(only) is { Length: > 0 } filter)
            {
                var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                attacks = attacks.Where(a => parts.Any(p => a.Name.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var clips = AudioCorpus.Load(dir.FullName, minSeconds: 12, maxSeconds: 30, speech: true);
            var prints = clips.Select(c => AudioFingerprint.Compute(c.Audio)).ToList();
            var rng = new Random(parse.GetValue(seed));
            Console.WriteLine($"# bench audio-fingerprint: {clips.Count} clips, {attacks.Count} attacks, {parse.GetValue(windows)} windows of 10 s and 5 s each; threshold: bit error rate <= {AudioFingerprintMatcher.MaxBitErrorRate}");
            Console.WriteLine();
            Console.WriteLine("| attack | same clip: highest bit error rate | same: matches | other clips: lowest bit error rate | other: matches |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            int sameTotal = 0, sameMatched = 0, otherTotal = 0, otherMatched = 0;
            foreach (var attack in attacks)
            {
                double worstSame = 0, bestOther = 1;
                int same = 0, sameOk = 0, other = 0, otherOk = 0;
                for (int c = 0; c < clips.Count; c++)
                {
                    var attacked = attack.Apply(clips[c].Audio, rng);
                    var speed = SpeedOf(attack.Name);
                    foreach (var seconds in new[] { 10.0, 5.0 })
                    {
                        for (int w = 0; w < parse.GetValue(windows); w++)
                        {
                            var window = Window(attacked, seconds, rng);
                            for (int k = 0; k < clips.Count; k++)
                            {
                                var match = AudioFingerprintMatcher.Match(prints[k], window, speed);
                                var rate = 1 - match.Score;
                                if (k == c)
                                {
                                    same++;
                                    sameOk += match.Matches ? 1 : 0;
                                    worstSame = Math.Max(worstSame, rate);
                                }
                                else
                                {
                                    other++;
                                    otherOk += match.Matches ? 1 : 0;
                                    bestOther = Math.Min(bestOther, rate);
                                }
                            }
                        }
                    }
                    Console.Error.WriteLine($"  {attack.Name} {clips[c].Name} done");
                }
                sameTotal += same;
                sameMatched += sameOk;
                otherTotal += other;
                otherMatched += otherOk;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {attack.Name} | {worstSame:0.000} | {sameOk}/{same} | {bestOther:0.000} | {otherOk}/{other} |"));
            }
            Console.WriteLine();
            Console.WriteLine($"Same clip matched {sameMatched}/{sameTotal}; other clips matched {otherMatched}/{otherTotal}.");
            return 0;
        });
        return command;
    }

    /// <summary>The speed the watermark detector would report for an attack: the nearest point of its search grid.</summary>
    private static double SpeedOf(string attack)
    {
        var truth = attack switch { "speed +2%" => 1.02, "speed -2%" => 0.98, _ => 1.0 };
        return 1 + (Math.Round((truth - 1) / DetectorSpeedStep) * DetectorSpeedStep);
    }

    private static PcmAudio Window(PcmAudio audio, double seconds, Random rng)
    {
        int frames = (int)Math.Min(audio.Frames, seconds * audio.SampleRate);
        int start = rng.Next(0, audio.Frames - frames + 1);
        return AudioAttackSuite.Slice(audio, start, frames);
    }
}
