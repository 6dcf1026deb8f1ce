using System.CommandLine;
using System.Globalization;
using Provenance.Core.Fingerprint;
using Provenance.Core.Imaging;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench fingerprint`: how well the perceptual fingerprint tells "same picture" from "another picture",
/// the check that keeps a watermark ID moved onto other content from counting as provenance. Each photo is marked
/// and fingerprinted as Sign does; each attack of the watermark suite is applied; the attacked copy is matched, as
/// Verify does (with the rotation the watermark detector reports), against its own fingerprint and against every
/// other photo's. Prints per attack the lowest own score and the highest other score, against the threshold.
/// </summary>
internal static class BenchFingerprintCommand
{
    private const string BenchKeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01";

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus")
        {
            Description = "Folder of JPEG/PNG photos.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "photos")),
        };
        var command = new Command("fingerprint", "Fingerprint separation: same photo under attack vs other photos.") { corpus };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return ExitCodes.UsageOrUnreadable;
            }
            Run(dir.EnumerateFiles().Where(f => f.Extension.ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
                .Select(f => f.FullName).Order(StringComparer.Ordinal).ToList());
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Run(IReadOnlyList<string> photos)
    {
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = BenchKeyHex });
        var codecs = new ProjectCodecs();
        var marked = new List<ImageFrame>();
        var fingerprints = new List<PerceptualFingerprint>();
        for (var i = 0; i < photos.Count; i++)
        {
            var frame = ProjectCodecs.Load(photos[i]);
            watermarker.Embed(frame, (ulong)i + 1);
            marked.Add(frame);
            fingerprints.Add(PerceptualFingerprint.FromBytes(PerceptualFingerprint.Compute(frame).ToBytes()));
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# bench fingerprint: {photos.Count} photos, {AttackSuite.All.Count} attacks, threshold {FingerprintMatcher.Threshold}");
        Console.WriteLine("| attack | same photo: lowest score | same photo: matches | other photos: highest score | other photos: matches |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        double lowestOwn = 1, highestOther = -1;
        int ownTrials = 0, ownMatches = 0, otherTrials = 0, otherMatches = 0;
        foreach (var attack in AttackSuite.All)
        {
            double attackLowest = 1, attackHighest = -1;
            int attackOwnMatches = 0, attackOtherMatches = 0;
            for (var i = 0; i < photos.Count; i++)
            {
                using var attacked = attack.Apply(marked[i], new AttackContext(codecs, new Random(i), Canonical: true));
                var detection = watermarker.Detect(attacked);
                // Verify passes the detector's rotation (counter-clockwise) to the matcher (which undoes clockwise).
                var rotation = detection.Detected ? -detection.RotationDegrees : 0;
                for (var j = 0; j < photos.Count; j++)
                {
                    var match = FingerprintMatcher.Match(fingerprints[j], attacked, rotation);
                    if (i == j)
                    {
                        attackLowest = Math.Min(attackLowest, match.Score);
                        attackOwnMatches += match.Matches ? 1 : 0;
                    }
                    else
                    {
                        attackHighest = Math.Max(attackHighest, match.Score);
                        attackOtherMatches += match.Matches ? 1 : 0;
                    }
                }
            }
            Console.WriteLine(string.Format(inv, "| {0} | {1:F3} | {2}/{3} | {4:F3} | {5}/{6} |", attack.Name, attackLowest, attackOwnMatches,
                photos.Count, attackHighest, attackOtherMatches, photos.Count * (photos.Count - 1)));
            lowestOwn = Math.Min(lowestOwn, attackLowest);
            highestOther = Math.Max(highestOther, attackHighest);
            ownTrials += photos.Count;
            ownMatches += attackOwnMatches;
            otherTrials += photos.Count * (photos.Count - 1);
            otherMatches += attackOtherMatches;
        }
        Console.WriteLine(string.Format(inv, "Same photo: {0}/{1} matched, lowest score {2:F3}. Other photos: {3}/{4} matched, highest score {5:F3}.",
            ownMatches, ownTrials, lowestOwn, otherMatches, otherTrials, highestOther));
        marked.ForEach(f => f.Dispose());
    }
}
