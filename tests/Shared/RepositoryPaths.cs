namespace Provenance.Testing;

/// <summary>
/// Paths to the repository and to ../shared (the photo corpus, C2PA fixtures and tools), which sits beside the
/// repository's root. Compiled into every test and benchmark project (tests/Directory.Build.props).
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// ../shared beside the repository, or the folder named by PROVENANCE_SHARED: a git worktree that sits deeper
    /// than the main checkout has no ../shared of its own.
    /// </summary>
    public static string Shared { get; } = RequireDirectory(
        Environment.GetEnvironmentVariable("PROVENANCE_SHARED") is { Length: > 0 } shared ? shared : Path.Combine(Path.GetDirectoryName(Root)!, "shared"));

    public static string Photos => Path.Combine(Shared, "corpus", "photos");

    public static string C2paFixtures => Path.Combine(Shared, "c2pa-fixtures");

    public static string KeysExample => Path.Combine(Root, "keys-example");

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProvenanceService.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (ProvenanceService.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string RequireDirectory(string path) =>
        Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"{path} is missing: ../shared must sit beside the repository (or set PROVENANCE_SHARED).");
}
