using System.Diagnostics;

namespace ProvenanceService.Tests.Storage.Sqlite;

/// <summary>
/// A tmpfs of a few MiB mounted on a temporary directory, to run out of disk space for real. Mounting needs
/// root (CI runs as root); elsewhere <see cref="TryMount"/> returns null with the reason, and the test is skipped.
/// A ballast file fills the space so a test can give it back.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    public string BallastPath => System.IO.Path.Combine(Path, "ballast");

    public static SmallTmpfs? TryMount(int megabytes, out string whyNot)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-tmpfs-").FullName;
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", directory);
        if (code != 0)
        {
            Directory.Delete(directory);
            whyNot = $"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {error.Trim()}";
            return null;
        }
        whyNot = "";
        return new SmallTmpfs(directory);
    }

    /// <summary>Fills all but <paramref name="leaveBytes"/> of the free space with the ballast file.</summary>
    public void Fill(long leaveBytes)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        using var ballast = new FileStream(BallastPath, FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        for (long written = 0; written < free - leaveBytes; written += block.Length)
        {
            ballast.Write(block);
        }
    }

    public void FreeBallast() => File.Delete(BallastPath);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
