using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Foreign;

/// <summary>
/// Every foreign C2PA file with the reference's answers, by file name: tests/interop/c2pa-corpus (made with
/// c2pa-node by tests/interop/c2pa-make-corpus.mjs) and the shared third-party fixtures (files/ and media/).
/// </summary>
internal static class ForeignFiles
{
    public static string Corpus => Path.Combine(RepositoryPaths.Interop, "c2pa-corpus");

    public static IReadOnlyDictionary<string, (string Path, IReadOnlyList<ForeignExpectation> Expectations)> All { get; } = Load();

    public static bool IsMedia(string? name) => Path.GetExtension(name)?.ToLowerInvariant() is
        ".jpg" or ".jpeg" or ".png" or ".webp" or ".mp4" or ".mov" or ".m4a" or ".wav" or ".mp3" or ".flac" or ".avi";

    private static Dictionary<string, (string, IReadOnlyList<ForeignExpectation>)> Load()
    {
        var sources = new[]
        {
            (Corpus, Path.Combine(Corpus, "EXPECTED.jsonl")),
            (Path.Combine(RepositoryPaths.C2paFixtures, "files"), Path.Combine(RepositoryPaths.C2paFixtures, "EXPECTED.jsonl")),
            (Path.Combine(RepositoryPaths.C2paFixtures, "media"), Path.Combine(RepositoryPaths.C2paFixtures, "EXPECTED-media.jsonl")),
        };
        var all = new Dictionary<string, (string, IReadOnlyList<ForeignExpectation>)>(StringComparer.Ordinal);
        foreach (var (folder, expected) in sources)
        {
            foreach (var group in ForeignExpectation.Load(expected).GroupBy(e => e.File))
            {
                // File names are unique across the three folders (checked here, so a clash cannot hide a file).
                all.Add(group.Key, (Path.Combine(folder, group.Key), group.ToList()));
            }
        }
        return all;
    }
}
