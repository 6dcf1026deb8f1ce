using Provenance.Core.Formats;
using Provenance.Core.Formats.Png;
using Provenance.Core.Imaging.Native;

namespace Provenance.Core.Imaging.Png;

/// <summary>
/// PNG pixels. Decoding goes through libpng's simplified API, which handles every colour type and bit depth,
/// palettes with tRNS, Adam7 interlacing and gamma, into 8-bit sRGB RGB or RGBA (RGBA whenever the file has an
/// alpha channel or tRNS). 16-bit samples are reduced to 8 bits as sRGB values (not treated as linear light).
/// Encoding is managed (<see cref="PngEncoder"/>) and always writes 8 bits per sample: see there.
/// </summary>
internal static unsafe class PngCodec
{
    /// <summary>The most a deflate stream can expand (RFC 1951: a 258-byte match costs at least 2 bits).</summary>
    private const int MaxDeflateRatio = 1032;

    static PngCodec() => NativeLibraryResolver.EnsureRegistered();

    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, MediaLimits limits) => ReadInfo(PngLayout.Parse(data), limits);

    private static ImageInfo ReadInfo(PngLayout layout, MediaLimits limits)
    {
        var header = layout.Header;
        limits.CheckDimensions(header.Width, header.Height);
        CheckCompressedDataCanFillImage(layout, header);
        bool alpha = header.HasAlphaChannel || layout.IndexOfFirst(PngChunkType.Trns) >= 0;
        bool gray = header.ColorType is PngHeader.Gray or PngHeader.GrayAlpha;
        return new ImageInfo(AssetFormat.Png, header.Width, header.Height, alpha, header.BitDepth, EncodeSettings.Png(gray));
    }

    /// <summary>
    /// Decompression-bomb guard: the IDAT data, inflated at deflate's maximum ratio, must be able to reach the
    /// declared image's size; otherwise the file is cut short or forged to make the decoder allocate for nothing.
    /// </summary>
    private static void CheckCompressedDataCanFillImage(PngLayout layout, PngHeader header)
    {
        long compressed = 0;
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.Type == PngChunkType.Idat)
            {
                compressed += chunk.DataLength;
            }
        }
        // Interlacing only adds filter bytes, so the non-interlaced size is a lower bound either way.
        long raw = header.RawDataLength;
        if (compressed * MaxDeflateRatio + 64 < raw)
        {
            MediaThrow.Corrupt(
                $"The PNG declares {header.Width}x{header.Height} ({raw} bytes of image data) but holds {compressed} compressed bytes; " +
                "deflate cannot expand that far: the file is truncated or a decompression bomb.");
        }
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var layout = PngLayout.Parse(data);
        var info = ReadInfo(layout, limits);
        PngImageDataBound.Check(data, layout, limits);
        var frame = ImageFrame.Allocate(info.Width, info.Height, info.PixelFormat);
        try
        {
            string? warning;
            var image = default(PngImage);
            image.Version = LibPngNative.ImageVersion;
            fixed (byte* source = data)
            fixed (byte* target = frame.Pixels)
            {
                try
                {
                    if (LibPngNative.BeginReadFromMemory(&image, source, (nuint)data.Length) == 0)
                    {
                        throw Failure(image);
                    }
                    if (image.Width != info.Width || image.Height != info.Height)
                    {
                        MediaThrow.Corrupt("libpng read a different size than the IHDR chunk declares.");
                    }
                    image.Format = info.HasAlpha ? LibPngNative.FormatRgba : LibPngNative.FormatRgb;
                    image.Flags |= LibPngNative.Flag16BitSrgb;
                    if (LibPngNative.FinishRead(&image, null, target, frame.Stride, null) == 0)
                    {
                        throw Failure(image);
                    }
                    warning = (image.WarningOrError & LibPngNative.Warning) != 0 ? "libpng: " + image.MessageText : null;
                }
                finally
                {
                    LibPngNative.Free(&image);
                }
            }
            return new DecodedImage(frame, info, warning);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    private static InvalidMediaException Failure(in PngImage image)
    {
        string message = image.MessageText;
        var error = message.Contains("not enough", StringComparison.OrdinalIgnoreCase) || message.Contains("truncat", StringComparison.OrdinalIgnoreCase)
            ? MediaError.Truncated
            : MediaError.Corrupt;
        return new InvalidMediaException(error, "The PNG could not be decoded: libpng: " + message);
    }

    public static byte[] Encode(ImageFrame frame, EncodeSettings settings, AssetMetadata? metadata)
    {
        var encoded = PngEncoder.Encode(frame, settings.Grayscale);
        return metadata is null || metadata.IsEmpty ? encoded : PngHandler.Instance.WriteMetadata(encoded, metadata);
    }
}
