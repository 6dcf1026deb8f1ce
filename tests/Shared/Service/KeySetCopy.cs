namespace Provenance.Testing.Service;

/// <summary>
/// A private copy of keys-example in a temporary folder, for tests that revoke credentials: revocations are
/// written into the key set folder a service reads (--Keys:Directory), and the committed one must stay untouched.
/// </summary>
internal sealed class KeySetCopy : IDisposable
{
    public KeySetCopy()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("provenance-keys-").FullName;
        foreach (var file in System.IO.Directory.GetFiles(RepositoryPaths.KeysExample))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Arguments that make a service read this key set.</summary>
    public string[] ServiceArguments => ["--Keys:Directory", Directory];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
