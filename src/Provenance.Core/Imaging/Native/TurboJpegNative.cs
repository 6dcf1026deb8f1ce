using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Provenance.Core.Imaging.Native;

/// <summary>
/// The TurboJPEG 2.x API of libjpeg-turbo 2.1.5 (Debian 12's libturbojpeg0; the tj3 API arrived in 3.0). Errors
/// are reported by return value: libjpeg's longjmp stays inside TurboJPEG's own frames, never crosses ours.
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    // Pixel formats (TJPF), subsampling (TJSAMP) and flags (TJFLAG) from turbojpeg.h 2.1.
    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int PixelFormatRgba = 7;
    public const int PixelFormatCmyk = 11;

    /// <summary>The accurate integer DCT (libjpeg's ISLOW); without it TurboJPEG compresses with the fast one below quality 96.</summary>
    public const int FlagAccurateDct = 4096;
    public const int FlagProgressive = 16384;
    /// <summary>Refuse progressive JPEGs with an unreasonable number of scans (a known CPU exhaustion attack).</summary>
    public const int FlagLimitScans = 32768;

    public const int ErrorWarning = 0;

    // Lossless transform operation (TJXOP) and options (TJXOPT) from turbojpeg.h 2.1.
    public const int TransformNone = 0;
    public const int TransformOptionProgressive = 32;
    public const int TransformOptionCopyNone = 64;

    // Colour spaces (TJCS) of a JPEG as tjDecompressHeader3 reports them.
    public const int ColorspaceYCbCr = 1;
    public const int ColorspaceGray = 2;

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjInitDecompress")]
    public static partial TurboJpegHandle InitDecompress();

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjInitCompress")]
    public static partial TurboJpegHandle InitCompress();

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjInitTransform")]
    public static partial TurboJpegHandle InitTransform();

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, int* width, int* height,
        int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf,
        int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjCompress2")]
    public static partial int Compress2(TurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjDecompressToYUVPlanes")]
    public static partial int DecompressToYuvPlanes(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, byte** dstPlanes,
        int width, int* strides, int height, int flags);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjCompressFromYUVPlanes")]
    public static partial int CompressFromYuvPlanes(TurboJpegHandle handle, byte** srcPlanes, int width, int* strides, int height,
        int subsamp, byte** jpegBuf, nuint* jpegSize, int jpegQual, int flags);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjTransform")]
    public static partial int Transform(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, int n, byte** dstBufs, nuint* dstSizes,
        TurboJpegTransform* transforms, int flags);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjPlaneWidth")]
    public static partial int PlaneWidth(int componentId, int width, int subsamp);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjPlaneHeight")]
    public static partial int PlaneHeight(int componentId, int height, int subsamp);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjFree")]
    public static partial void Free(byte* buffer);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(TurboJpegHandle handle);

    [LibraryImport(NativeLibraryResolver.TurboJpeg, EntryPoint = "tjGetErrorCode")]
    public static partial int GetErrorCode(TurboJpegHandle handle);

    /// <summary>The handle's last error message (TurboJPEG keeps it per handle).</summary>
    public static string ErrorMessage(TurboJpegHandle handle) =>
        Marshal.PtrToStringUTF8((nint)GetErrorStr2(handle)) ?? "unknown TurboJPEG error";
}

/// <summary>turbojpeg.h 2.1's tjtransform: a crop region, the operation, its options and an optional coefficient filter.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TurboJpegTransform
{
    public int X;
    public int Y;
    public int Width;
    public int Height;
    public int Operation;
    public int Options;
    public nint Data;
    public nint CustomFilter;
}

/// <summary>A TurboJPEG compressor, decompressor or transformer instance, destroyed when released.</summary>
internal sealed class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TurboJpegHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
