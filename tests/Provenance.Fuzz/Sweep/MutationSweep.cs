using System.Buffers.Binary;
using System.Diagnostics;
using Provenance.Core.Watermark;
using Provenance.Fuzz.Targets;

namespace Provenance.Fuzz.Sweep;

/// <summary>
/// The fuzz step of CI (scripts/fuzz.sh sweep): one target over its committed corpus and then a fixed number of
/// <see cref="Havoc"/> mutations of it, in process, without afl++. Mutation i is drawn from a random stream keyed
/// by the seed and labelled "TARGET/i", so every run feeds the same inputs in the same order: a crash or hang it
/// can find, every run finds. (afl++ with a fixed seed is not repeatable: its schedule follows the timing of each
/// execution.) The first input that crashes or hangs ends the sweep, saved under WORK/crashes or WORK/hangs; each
/// input is also written to WORK/running before it runs, so that a process killed outright (native fault, stack
/// overflow) still leaves the input behind.
/// </summary>
internal static class MutationSweep
{
    public const ulong DefaultSeed = 1;

    public static int Run(FuzzTarget target, string corpusDirectory, int mutations, string workDirectory, ulong seed)
    {
        var files = Directory.Exists(corpusDirectory) ? Directory.GetFiles(corpusDirectory).Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            Console.WriteLine($"sweep {target.Name}: no corpus in {corpusDirectory}; make it with `scripts/fuzz.sh corpus {target.Name}` and commit it.");
            return 2;
        }
        var corpus = files.Select(File.ReadAllBytes).ToArray();
        int maxLength = (int)FuzzLimits.Media.MaxFileBytes;
        Directory.CreateDirectory(workDirectory);
        using var running = new FileStream(Path.Combine(workDirectory, "running"), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);

        string current = "";
        byte[] currentInput = [];
        using var watchdog = new HangWatchdog((cpu, elapsed) =>
        {
            var saved = Save(workDirectory, "hangs", current, currentInput);
            Console.WriteLine($"sweep {target.Name}: HANG on {current}: {cpu.TotalMilliseconds:F0} ms of CPU and {elapsed.TotalSeconds:F0} s " +
                $"without finishing (bounds {HangWatchdog.CpuBudget.TotalSeconds:F0} s CPU, {HangWatchdog.WallBudget.TotalSeconds:F0} s); input saved as {saved}");
            Console.Out.Flush();
            Environment.Exit(1);
        });

        var sweep = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        string slowestLabel = "";
        for (int i = -files.Length; i < mutations; i++)
        {
            bool isCorpus = i < 0;
            current = isCorpus ? "corpus file " + Path.GetFileName(files[i + files.Length]) : $"mutation {i} of seed {seed}";
            currentInput = isCorpus ? corpus[i + files.Length] : Mutation(corpus, seed, target.Name, i, maxLength);
            running.Position = 0;
            running.Write(currentInput);
            running.SetLength(currentInput.Length);

            long started = Stopwatch.GetTimestamp();
            watchdog.Begin();
            try
            {
                target.Run(currentInput);
            }
            catch (Exception e)
            {
                watchdog.End();
                var saved = Save(workDirectory, "crashes", current, currentInput);
                Console.WriteLine($"sweep {target.Name}: CRASH on {current}; input saved as {saved}\n{e}");
                return 1;
            }
            watchdog.End();
            var took = Stopwatch.GetElapsedTime(started);
            if (took > slowest)
            {
                (slowest, slowestLabel) = (took, current);
            }
        }
        running.Close();
        File.Delete(Path.Combine(workDirectory, "running"));
        Console.WriteLine($"sweep {target.Name}: {files.Length} corpus files and {mutations} mutations of seed {seed} in " +
            $"{sweep.Elapsed.TotalSeconds:F1} s, slowest {slowest.TotalMilliseconds:F0} ms ({slowestLabel}); no crash, no hang");
        return 0;
    }

    /// <summary>Mutation <paramref name="number"/> of a target's sweep: the same bytes for the same arguments on every machine.</summary>
    public static byte[] Mutation(IReadOnlyList<byte[]> corpus, ulong seed, string target, int number, int maxLength)
    {
        Span<byte> key = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(key, seed);
        return Havoc.Mutate(new KeyedRandom(key, $"{target}/{number}"), corpus, maxLength);
    }

    private static string Save(string workDirectory, string kind, string label, byte[] input)
    {
        var directory = Path.Combine(workDirectory, kind);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, label.Replace(' ', '-'));
        File.WriteAllBytes(path, input);
        return path;
    }
}
