using System.Reflection;
using System.Runtime.InteropServices;

namespace Provenance.Core.Imaging.Native;

/// <summary>
/// Maps the logical library names used in [LibraryImport] to the versioned sonames Debian installs: the runtime
/// packages (libturbojpeg0, libwebp7, libpng16-16) ship only libX.so.N; the unversioned symlink comes with -dev
/// packages, which production machines do not have. One resolver serves the whole Provenance.Core assembly
/// (the runtime allows only one): add other native libraries here rather than registering a second resolver.
/// </summary>
internal static class NativeLibraryResolver
{
    public const string TurboJpeg = "turbojpeg";
    public const string WebP = "webp";
    public const string Png = "png16";
    public const string C = "c";

    private static readonly Dictionary<string, (string[] Names, string Package)> Libraries = new()
    {
        [TurboJpeg] = (["libturbojpeg.so.0", "libturbojpeg.so"], "libturbojpeg0"),
        [WebP] = (["libwebp.so.7", "libwebp.so"], "libwebp7"),
        [Png] = (["libpng16.so.16", "libpng16.so"], "libpng16-16"),
        // The C library itself, for setenv (TurboJpegEnvironment).
        [C] = (["libc.so.6"], "libc6"),
    };

    static NativeLibraryResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    /// <summary>Makes sure the resolver is registered; call before the first native call (the codecs' static constructors do).</summary>
    public static void EnsureRegistered()
    {
        // The static constructor does the work, exactly once.
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Libraries.TryGetValue(name, out var library))
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in library.Names)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(
            $"The native library {library.Names[0]} was not found; install the Debian package {library.Package} (scripts/setup.sh does).");
    }
}
