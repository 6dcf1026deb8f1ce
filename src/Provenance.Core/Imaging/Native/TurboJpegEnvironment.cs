using System.Runtime.InteropServices;

namespace Provenance.Core.Imaging.Native;

/// <summary>
/// TurboJPEG 2.x settings that its API has no flag for. tjCompress2 and tjCompressFromYUVPlanes read them from the
/// process environment on every call (documented in turbojpeg.h 2.1: TJ_OPTIMIZE, TJ_ARITHMETIC, TJ_RESTART);
/// the tj3 API of libjpeg-turbo 3 has parameters instead. .NET's Environment.SetEnvironmentVariable does not
/// reach the C library's environment on Linux, so libc's setenv is called directly.
/// </summary>
internal static partial class TurboJpegEnvironment
{
    private const string OptimizeVariable = "TJ_OPTIMIZE";

    /// <summary>
    /// Makes every baseline encode compute Huffman tables for its own coefficients instead of the T.81 Annex K
    /// examples (progressive encodes always do): 3-7% fewer bytes for the same pixels, and a signed JPEG no longer
    /// grows because its input had optimised tables and ours had not (docs/watermark.md, "Signed JPEG size").
    /// An operator's own TJ_OPTIMIZE is left as it is. Called once, from JpegCodec's static constructor, before this
    /// assembly encodes its first JPEG: setenv must not race with other threads' getenv.
    /// </summary>
    public static void OptimizeHuffmanTables()
    {
        if (OperatingSystem.IsWindows())
        {
            // The Windows C runtimes keep their own environment copies; the service runs on Linux.
            return;
        }
        if (SetEnv(OptimizeVariable, "1", overwrite: 0) != 0)
        {
            throw new InvalidOperationException($"setenv({OptimizeVariable}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport(NativeLibraryResolver.C, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
