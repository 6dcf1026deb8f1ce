using System.Runtime.InteropServices;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Native;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// libpng's simplified writer (png_image_write_to_memory), used only here to compare with the managed PNG
/// encoder the service uses. Writes into a buffer of the worst-case size, so it compresses once.
/// </summary>
internal static unsafe partial class LibPngSimplifiedWriter
{
    [LibraryImport("png16", EntryPoint = "png_image_write_to_memory")]
    private static partial int WriteToMemory(PngImage* image, void* memory, nuint* memoryBytes, int convertTo8Bit, void* buffer, int rowStride, void* colormap);

    [LibraryImport("png16", EntryPoint = "png_image_free")]
    private static partial void Free(PngImage* image);

    public static byte[] Encode(ImageFrame frame)
    {
        var image = default(PngImage);
        image.Version = LibPngNative.ImageVersion;
        image.Width = (uint)frame.Width;
        image.Height = (uint)frame.Height;
        image.Format = frame.HasAlpha ? LibPngNative.FormatRgba : LibPngNative.FormatRgb;
        // PNG_IMAGE_PNG_SIZE_MAX: rows plus zlib's worst case, with room for the chunk overheads.
        nuint capacity = (nuint)((long)frame.ByteLength + frame.Height + frame.ByteLength / 64 + 4096);
        var output = new byte[capacity];
        fixed (byte* pixels = frame.Pixels)
        fixed (byte* target = output)
        {
            nuint size = capacity;
            try
            {
                if (WriteToMemory(&image, target, &size, 0, pixels, frame.Stride, null) == 0)
                {
                    throw new InvalidOperationException("libpng could not write: " + image.MessageText);
                }
            }
            finally
            {
                Free(&image);
            }
            return output.AsSpan(0, (int)size).ToArray();
        }
    }

    static LibPngSimplifiedWriter()
    {
        // The benchmark assembly resolves "png16" like the service does.
        NativeLibrary.SetDllImportResolver(typeof(LibPngSimplifiedWriter).Assembly, (name, assembly, path) =>
            name == "png16" && NativeLibrary.TryLoad("libpng16.so.16", assembly, path, out var handle) ? handle : IntPtr.Zero);
    }
}
