using System.Runtime.InteropServices;

namespace ProvenanceService.Storage.Sqlite;

/// <summary>
/// A file's identity on disk (device and inode), read with the C library's <c>stat</c>. SQLite keeps writing to
/// the inode it opened even after the file was deleted or replaced by another (rename over it), so comparing
/// the path's identity with the one opened is how the store notices that its writes would no longer reach the
/// file a restart reads. .NET exposes no inode, hence the call into libc (Linux, glibc 2.33 or later).
/// </summary>
internal readonly partial record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>Larger than <c>struct stat</c> on every Linux ABI (144 bytes on x86-64, 128 on arm64).</summary>
    private const int StatBufferSize = 256;
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>The identity of the file at <paramref name="path"/>, or null when nothing is there.</summary>
    /// <exception cref="IOException">stat failed for another reason than a missing file (permissions, I/O).</exception>
    public static FileIdentity? Of(string path)
    {
        var buffer = new byte[StatBufferSize];
        if (Stat(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NoSuchFile ? null : throw new IOException($"stat({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        // st_dev and st_ino are the first two 64-bit fields of struct stat on x86-64 and on arm64 alike.
        return new FileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}
