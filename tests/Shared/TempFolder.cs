namespace Provenance.Testing;

/// <summary>
/// A new folder under the system's temporary folder for one test's files, deleted with everything in it on Dispose:
/// <c>using var folder = new TempFolder("audio-encoding-");</c> instead of a try/finally around the test.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
