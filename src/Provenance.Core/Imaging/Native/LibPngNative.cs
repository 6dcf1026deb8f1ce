using System.Runtime.InteropServices;
using System.Text;

namespace Provenance.Core.Imaging.Native;

/// <summary>
/// libpng 1.6's simplified reading API (png_image_*). Every entry point runs libpng inside its own setjmp
/// (png_safe_execute), so a libpng error returns 0 with a message instead of unwinding through our frames.
/// </summary>
internal static unsafe partial class LibPngNative
{
    public const uint ImageVersion = 1;
    public const uint FormatFlagAlpha = 0x01;
    public const uint FormatFlagColor = 0x02;
    public const uint FormatRgb = FormatFlagColor;
    public const uint FormatRgba = FormatFlagColor | FormatFlagAlpha;
    /// <summary>Treat 16-bit samples as sRGB-encoded (not linear) when reducing them to 8 bits.</summary>
    public const uint Flag16BitSrgb = 0x04;
    public const uint Warning = 1;

    [LibraryImport(NativeLibraryResolver.Png, EntryPoint = "png_image_begin_read_from_memory")]
    public static partial int BeginReadFromMemory(PngImage* image, void* memory, nuint size);

    [LibraryImport(NativeLibraryResolver.Png, EntryPoint = "png_image_finish_read")]
    public static partial int FinishRead(PngImage* image, void* background, void* buffer, int rowStride, void* colormap);

    [LibraryImport(NativeLibraryResolver.Png, EntryPoint = "png_image_free")]
    public static partial void Free(PngImage* image);
}

/// <summary>png.h's png_image (PNG_IMAGE_VERSION 1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PngImage
{
    public nint Opaque;
    public uint Version;
    public uint Width;
    public uint Height;
    public uint Format;
    public uint Flags;
    public uint ColormapEntries;
    public uint WarningOrError;
    public fixed byte Message[64];

    public readonly string MessageText
    {
        get
        {
            fixed (byte* m = Message)
            {
                var span = new ReadOnlySpan<byte>(m, 64);
                int end = span.IndexOf((byte)0);
                return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
            }
        }
    }
}
