using System.Runtime.InteropServices;

namespace Provenance.Core.Imaging.Native;

/// <summary>
/// libwebp 1.2.4 (Debian 12's libwebp7): the advanced decoding API (for the status code) and the simple encoding API.
/// Struct layouts follow decode.h for WEBP_DECODER_ABI_VERSION 0x0209; a test checks their sizes.
/// </summary>
internal static unsafe partial class LibWebPNative
{
    public const int DecoderAbiVersion = 0x0209;

    public const int ModeRgb = 0;
    public const int ModeRgba = 1;

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPInitDecoderConfigInternal")]
    public static partial int InitDecoderConfigInternal(WebPDecoderConfig* config, int version);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPGetFeaturesInternal")]
    public static partial int GetFeaturesInternal(byte* data, nuint dataSize, WebPBitstreamFeatures* features, int version);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPDecode")]
    public static partial int Decode(byte* data, nuint dataSize, WebPDecoderConfig* config);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPFreeDecBuffer")]
    public static partial void FreeDecBuffer(WebPDecBuffer* buffer);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPEncodeRGB")]
    public static partial nuint EncodeRgb(byte* rgb, int width, int height, int stride, float qualityFactor, byte** output);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPEncodeRGBA")]
    public static partial nuint EncodeRgba(byte* rgba, int width, int height, int stride, float qualityFactor, byte** output);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPEncodeLosslessRGB")]
    public static partial nuint EncodeLosslessRgb(byte* rgb, int width, int height, int stride, byte** output);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPEncodeLosslessRGBA")]
    public static partial nuint EncodeLosslessRgba(byte* rgba, int width, int height, int stride, byte** output);

    [LibraryImport(NativeLibraryResolver.WebP, EntryPoint = "WebPFree")]
    public static partial void Free(void* pointer);

    /// <summary>VP8StatusCode names, for error messages.</summary>
    public static string StatusName(int status) => status switch
    {
        0 => "VP8_STATUS_OK",
        1 => "VP8_STATUS_OUT_OF_MEMORY",
        2 => "VP8_STATUS_INVALID_PARAM",
        3 => "VP8_STATUS_BITSTREAM_ERROR",
        4 => "VP8_STATUS_UNSUPPORTED_FEATURE",
        5 => "VP8_STATUS_SUSPENDED",
        6 => "VP8_STATUS_USER_ABORT",
        7 => "VP8_STATUS_NOT_ENOUGH_DATA",
        _ => $"status {status}",
    };

    public const int StatusNotEnoughData = 7;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WebPBitstreamFeatures
{
    public int Width;
    public int Height;
    public int HasAlpha;
    public int HasAnimation;
    public int Format;
    public fixed uint Pad[5];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WebPRgbaBuffer
{
    public byte* Rgba;
    public int Stride;
    public nuint Size;
}

/// <summary>The RGBA/YUVA union: 80 bytes, the size of its YUVA member.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct WebPDecBufferUnion
{
    [FieldOffset(0)]
    public WebPRgbaBuffer Rgba;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WebPDecBuffer
{
    public int Colorspace;
    public int Width;
    public int Height;
    public int IsExternalMemory;
    public WebPDecBufferUnion U;
    public fixed uint Pad[4];
    public byte* PrivateMemory;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WebPDecoderOptions
{
    public int BypassFiltering;
    public int NoFancyUpsampling;
    public int UseCropping;
    public int CropLeft;
    public int CropTop;
    public int CropWidth;
    public int CropHeight;
    public int UseScaling;
    public int ScaledWidth;
    public int ScaledHeight;
    public int UseThreads;
    public int DitheringStrength;
    public int Flip;
    public int AlphaDitheringStrength;
    public fixed uint Pad[5];
}

[StructLayout(LayoutKind.Sequential)]
internal struct WebPDecoderConfig
{
    public WebPBitstreamFeatures Input;
    public WebPDecBuffer Output;
    public WebPDecoderOptions Options;
}
