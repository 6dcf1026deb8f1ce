using Provenance.Fuzz.Sweep;
using Provenance.Fuzz.Targets;

namespace Provenance.Core.Tests.Fuzz;

/// <summary>
/// The CI fuzz sweep (tests/Provenance.Fuzz/Sweep, scripts/fuzz.sh sweep) must feed the same inputs on every run,
/// so that a crash it finds once it finds every time, and must stop at that crash with the input saved.
/// </summary>
public sealed class MutationSweepTests : IDisposable
{
    private static readonly byte[][] Corpus =
    [
        [.. "RIFF"u8, 40, 0, 0, 0, .. "WAVEfmt "u8, 16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0],
        [0x89, .. "PNG"u8, 13, 10, 26, 10, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 1, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0],
    ];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("mutation-sweep-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void A_mutation_is_a_function_of_the_seed_and_its_label()
    {
        var first = Mutations(seed: 1, count: 200);
        Assert.Equal(first, Mutations(seed: 1, count: 200));
        Assert.NotEqual(first, Mutations(seed: 2, count: 200));
        // Varied: nearly every mutation differs from its corpus entry and from the others.
        Assert.True(first.Distinct().Count() > 190, $"{first.Distinct().Count()} distinct of 200");
        Assert.True(first.Count(m => Corpus.Any(c => c.AsSpan().SequenceEqual(Convert.FromHexString(m)))) < 10);
    }

    [Fact]
    public void Mutations_stay_within_the_length_bound()
    {
        for (int i = 0; i < 2000; i++)
        {
            Assert.InRange(MutationSweep.Mutation(Corpus, 3, "bound", i, maxLength: 48).Length, 0, 48);
        }
    }

    [Fact]
    public void A_sweep_stops_at_its_first_crash_and_finds_the_same_one_on_every_run()
    {
        var corpus = WriteCorpus();
        // Crashes on any input longer than the longest corpus entry: some mutation inserts bytes.
        var target = new FuzzTarget("test", data =>
        {
            if (data.Length > Corpus.Max(c => c.Length))
            {
                throw new InvalidOperationException("too long");
            }
        });

        var firstRun = Path.Combine(_work.FullName, "run1");
        var secondRun = Path.Combine(_work.FullName, "run2");
        Assert.Equal(1, MutationSweep.Run(target, corpus, 1000, firstRun, MutationSweep.DefaultSeed));
        Assert.Equal(1, MutationSweep.Run(target, corpus, 1000, secondRun, MutationSweep.DefaultSeed));

        var saved = Assert.Single(Directory.GetFiles(Path.Combine(firstRun, "crashes")));
        var again = Assert.Single(Directory.GetFiles(Path.Combine(secondRun, "crashes")));
        Assert.Equal(Path.GetFileName(saved), Path.GetFileName(again));
        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(again));
        Assert.StartsWith("mutation-", Path.GetFileName(saved), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => target.Run(File.ReadAllBytes(saved)));
    }

    [Fact]
    public void A_clean_sweep_runs_every_input_and_leaves_nothing_behind()
    {
        var corpus = WriteCorpus();
        int runs = 0;
        var target = new FuzzTarget("test", _ => runs++);
        var work = Path.Combine(_work.FullName, "clean");

        Assert.Equal(0, MutationSweep.Run(target, corpus, 300, work, MutationSweep.DefaultSeed));

        Assert.Equal(Corpus.Length + 300, runs);
        Assert.Empty(Directory.GetFileSystemEntries(work));
    }

    [Fact]
    public void A_target_without_a_corpus_is_refused()
    {
        var target = new FuzzTarget("test", _ => { });
        Assert.Equal(2, MutationSweep.Run(target, Path.Combine(_work.FullName, "none"), 10, Path.Combine(_work.FullName, "w"), 1));
    }

    private string WriteCorpus()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work.FullName, "corpus")).FullName;
        for (int i = 0; i < Corpus.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"entry-{i}"), Corpus[i]);
        }
        return directory;
    }

    private static List<string> Mutations(ulong seed, int count) =>
        Enumerable.Range(0, count).Select(i => Convert.ToHexString(MutationSweep.Mutation(Corpus, seed, "test", i, 1 << 20))).ToList();
}
