using Provenance.Testing;

namespace Provenance.Core.Tests.TestData;

/// <summary>The real files the tests run on: ../shared/corpus/photos and ../shared/c2pa-fixtures/files.</summary>
internal static class TestFiles
{
    public static string FixturesDirectory => Path.Combine(RepositoryPaths.C2paFixtures, "files");

    public static IReadOnlyList<string> Photos { get; } =
        Directory.GetFiles(RepositoryPaths.Photos).Where(IsImage).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> Fixtures { get; } =
        Directory.GetFiles(FixturesDirectory).Where(IsImage).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    public static string Photo(string name) => Path.Combine(RepositoryPaths.Photos, name);

    public static string Fixture(string name) => Path.Combine(FixturesDirectory, name);

    /// <summary>xunit member data: one row per photo, by file name.</summary>
    public static TheoryData<string> PhotoNames() => new(Photos.Select(Path.GetFileName)!);

    public static TheoryData<string> FixtureNames() => new(Fixtures.Select(Path.GetFileName)!);

    private static bool IsImage(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp";
}
