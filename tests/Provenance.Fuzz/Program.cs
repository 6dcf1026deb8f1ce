using System.Globalization;
using Provenance.Fuzz.Seeds;
using Provenance.Fuzz.Sweep;
using Provenance.Fuzz.Targets;

// provenance-fuzz TARGET              run under afl-fuzz (SharpFuzz's out-of-process loop; scripts/fuzz.sh)
// provenance-fuzz seeds TARGET DIR    write TARGET's seed corpus into DIR
// provenance-fuzz replay TARGET FILE… run inputs directly and print what each does (triage, no afl++)
// provenance-fuzz sweep TARGET CORPUS MUTATIONS WORK [SEED]
//                                     the corpus, then MUTATIONS seeded mutations of it, in process (CI; no afl++)
// provenance-fuzz list                the target names
switch (args)
{
    case ["list"]:
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine(target.Name);
        }
        return 0;
    case ["seeds", var name, var directory]:
        FuzzTargets.Get(name);
        SeedCorpus.Write(name, directory);
        return 0;
    case ["replay", var name, .. var files] when files.Length > 0:
        return Replay(FuzzTargets.Get(name), files);
    case ["sweep", var name, var corpus, var mutations, var work, .. var seed] when seed.Length <= 1:
        return MutationSweep.Run(FuzzTargets.Get(name), corpus, int.Parse(mutations, CultureInfo.InvariantCulture), work,
            seed.Length == 1 ? ulong.Parse(seed[0], CultureInfo.InvariantCulture) : MutationSweep.DefaultSeed);
    case [var name]:
        var fuzzed = FuzzTargets.Get(name);
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            fuzzed.Run(buffer.ToArray());
        });
        return 0;
    default:
        Console.Error.WriteLine("usage: Provenance.Fuzz TARGET | seeds TARGET DIR | replay TARGET FILE... | sweep TARGET CORPUS MUTATIONS WORK [SEED] | list");
        return 2;
}

static int Replay(FuzzTarget target, string[] files)
{
    int failures = 0;
    foreach (var file in files)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"ok    {started.ElapsedMilliseconds,6} ms  {file}");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"FAIL  {started.ElapsedMilliseconds,6} ms  {file}\n{e}");
        }
    }
    return failures == 0 ? 0 : 1;
}
