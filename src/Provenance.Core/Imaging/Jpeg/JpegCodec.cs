using System.Buffers;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging.Native;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// JPEG pixels through TurboJPEG. Decoding reads the header first (size, pixel limit, a lower bound on the coded
/// data), then decodes into a pooled RGB frame with libjpeg-turbo's defaults (accurate DCT, fancy upsampling), as
/// djpeg does. CMYK/YCCK files decode through TurboJPEG's CMYK output and a naive conversion to RGB.
/// </summary>
internal static unsafe class JpegCodec
{
    // Handles are reused per thread: creating one allocates libjpeg's state, and a handle is not thread-safe.
    [ThreadStatic]
    private static TurboJpegHandle? t_decompressor;

    [ThreadStatic]
    private static TurboJpegHandle? t_compressor;

    static JpegCodec()
    {
        NativeLibraryResolver.EnsureRegistered();
        TurboJpegEnvironment.OptimizeHuffmanTables();
    }

    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, MediaLimits limits) => ReadInfo(data, limits, out _);

    private static ImageInfo ReadInfo(ReadOnlySpan<byte> data, MediaLimits limits, out JpegFrameHeader header)
    {
        header = JpegFrameHeader.Read(data, JpegLayout.Parse(data));
        limits.CheckDimensions(header.Width, header.Height);
        CheckCodedDataCanFillFrame(header);
        var components = header.Components;
        var (quality, exact) = JpegQualityEstimator.Estimate(
            header.QuantizationTables[components[0].TableIndex],
            components.Count > 1 ? header.QuantizationTables[components[1].TableIndex] : null);
        var settings = EncodeSettings.Jpeg(quality, header.Subsampling, header.Progressive) with
        {
            QualityIsExact = exact,
            Grayscale = components.Count == 1,
        };
        return new ImageInfo(AssetFormat.Jpeg, header.Width, header.Height, HasAlpha: false, BitDepth: 8, settings);
    }

    /// <summary>
    /// Decompression-bomb guard. Huffman coding spends at least one bit per 8x8 block (a DC code in the first
    /// scan; baseline needs an end-of-block code too), so coded data under blocks/8 bytes cannot describe the
    /// declared frame: the file is cut short or forged to make the decoder allocate and work for nothing.
    /// Arithmetic coding has no such floor; there only the pixel limit applies.
    /// </summary>
    private static void CheckCodedDataCanFillFrame(JpegFrameHeader header)
    {
        if (header.Arithmetic)
        {
            return;
        }
        long minimum = header.BlockCount / 8;
        if (header.EntropyCodedBytes < minimum)
        {
            MediaThrow.Corrupt(
                $"The JPEG declares {header.Width}x{header.Height} but holds {header.EntropyCodedBytes} bytes of coded data; " +
                $"at least {minimum} are needed: the file is truncated or a decompression bomb.");
        }
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var info = ReadInfo(data, limits, out var header);
        var handle = t_decompressor ??= Create(TurboJpegNative.InitDecompress());
        var frame = ImageFrame.Allocate(info.Width, info.Height, PixelFormat.Rgb24);
        try
        {
            string? warning = header.Components.Count == 4
                ? DecodeCmyk(handle, data, frame, header.HasAdobeMarker)
                : DecodeInto(handle, data, frame.Pixels, frame.Width, frame.Height, TurboJpegNative.PixelFormatRgb, 3);
            return new DecodedImage(frame, info, warning);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Runs tjDecompress2; returns a warning message when libjpeg only warned, throws on a fatal error.</summary>
    private static string? DecodeInto(TurboJpegHandle handle, ReadOnlySpan<byte> data, Span<byte> pixels, int width, int height, int pixelFormat, int bytesPerPixel)
    {
        int result;
        fixed (byte* source = data)
        fixed (byte* target = pixels)
        {
            // tjDecompress2 would otherwise scale a different frame into the buffer. (It cannot overrun it: width,
            // pitch and height bound its output.) When libjpeg cannot read the header, the decode reports why.
            ReadTurboHeader(handle, source, data.Length, width, height, out _, out _);
            result = TurboJpegNative.Decompress2(handle, source, (nuint)data.Length, target, width, width * bytesPerPixel, height,
                pixelFormat, TurboJpegNative.FlagLimitScans);
        }
        return DecodeOutcome(handle, result);
    }

    /// <summary>
    /// Decodes a YCbCr or greyscale JPEG to its planes, without colour conversion or chroma upsampling. Returns null
    /// when the file's samples are not Y/Cb/Cr (CMYK, YCCK, RGB JPEGs) or its subsampling is one TurboJPEG cannot
    /// hand out as planes: <see cref="Decode"/> handles those. Malformed input throws as <see cref="Decode"/> does.
    /// </summary>
    public static DecodedYuv? TryDecodeYuv(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var info = ReadInfo(data, limits, out var header);
        var handle = t_decompressor ??= Create(TurboJpegNative.InitDecompress());
        fixed (byte* source = data)
        {
            int w = info.Width;
            int h = info.Height;
            if (!HasYuvPlanes(handle, source, data.Length, info, header, out int subsampling))
            {
                return null;
            }
            int planes = subsampling == (int)ChromaSubsampling.Gray ? 1 : 3;
            var widths = new int[planes];
            var heights = new int[planes];
            for (int i = 0; i < planes; i++)
            {
                widths[i] = TurboJpegNative.PlaneWidth(i, w, subsampling);
                heights[i] = TurboJpegNative.PlaneHeight(i, h, subsampling);
            }
            var image = new YuvImage(w, h, (ChromaSubsampling)subsampling, widths, heights);
            try
            {
                // A fixed local cannot be captured; the address can (the span stays pinned until this block ends).
                nint jpeg = (nint)source;
                nuint length = (nuint)data.Length;
                int result = WithPlanes(image, (targets, strides) => TurboJpegNative.DecompressToYuvPlanes(handle, (byte*)jpeg, length,
                    targets, w, strides, h, TurboJpegNative.FlagLimitScans));
                return new DecodedYuv(image, info, DecodeOutcome(handle, result));
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// The Y plane alone of a JPEG that <see cref="TryDecodeYuv"/> decodes (null for the others, as there), for
    /// reading only: TurboJPEG's greyscale output, for which libjpeg still entropy-decodes the chroma components
    /// but skips their inverse DCT and upsampling. Its samples are those of <see cref="TryDecodeYuv"/>'s Y plane: Y
    /// has the largest sampling factors, so it is never resampled, and greyscale output copies it unconverted (a
    /// test holds the two equal on every subsampling). The warning is the codec's, as there.
    /// </summary>
    public static (LumaPlane Plane, string? Warning)? TryDecodeLuma(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var info = ReadInfo(data, limits, out var header);
        var handle = t_decompressor ??= Create(TurboJpegNative.InitDecompress());
        fixed (byte* source = data)
        {
            if (!HasYuvPlanes(handle, source, data.Length, info, header, out _))
            {
                return null;
            }
            var plane = new LumaPlane(info.Width, info.Height);
            try
            {
                string? warning;
                fixed (byte* target = plane.Samples)
                {
                    int result = TurboJpegNative.Decompress2(handle, source, (nuint)data.Length, target, info.Width, info.Width, info.Height,
                        TurboJpegNative.PixelFormatGray, TurboJpegNative.FlagLimitScans);
                    warning = DecodeOutcome(handle, result);
                }
                return (plane, warning);
            }
            catch
            {
                plane.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// True when the JPEG's samples are Y/Cb/Cr or greyscale and TurboJPEG reads the subsampling our parser read
    /// (so it can hand the planes out); false for CMYK, YCCK and RGB JPEGs and for sampling factors it has no name for.
    /// </summary>
    private static bool HasYuvPlanes(TurboJpegHandle handle, byte* source, int length, ImageInfo info, JpegFrameHeader header,
        out int subsampling)
    {
        subsampling = -1;
        if (header.Components.Count == 4)
        {
            return false;
        }
        return ReadTurboHeader(handle, source, length, info.Width, info.Height, out subsampling, out int colorspace) &&
            colorspace is TurboJpegNative.ColorspaceYCbCr or TurboJpegNative.ColorspaceGray &&
            (ChromaSubsampling)subsampling == info.SourceSettings.Subsampling;
    }

    /// <summary>
    /// Reads the header through libjpeg (tjDecompressHeader3): false when it cannot; the subsampling and colour
    /// space it reports otherwise. libjpeg's marker reader must see the frame our parser saw, so a frame of another
    /// size is refused as corrupt.
    /// </summary>
    private static bool ReadTurboHeader(TurboJpegHandle handle, byte* source, int length, int width, int height,
        out int subsampling, out int colorspace)
    {
        int w = 0, h = 0, s = -1, c = -1;
        bool read = TurboJpegNative.DecompressHeader3(handle, source, (nuint)length, &w, &h, &s, &c) == 0;
        if (read && (w != width || h != height))
        {
            MediaThrow.Corrupt($"libjpeg-turbo reads a {w}x{h} frame where the frame header says {width}x{height}.");
        }
        subsampling = s;
        colorspace = c;
        return read;
    }

    /// <summary>Null when a TurboJPEG decode succeeded, its message when libjpeg only warned; throws on a fatal error.</summary>
    private static string? DecodeOutcome(TurboJpegHandle handle, int result)
    {
        if (result == 0)
        {
            return null;
        }
        string message = TurboJpegNative.ErrorMessage(handle);
        if (TurboJpegNative.GetErrorCode(handle) == TurboJpegNative.ErrorWarning)
        {
            return "libjpeg-turbo: " + message;
        }
        throw new InvalidMediaException(MediaError.Corrupt, "The JPEG could not be decoded: libjpeg-turbo: " + message);
    }

    /// <summary>
    /// CMYK and YCCK JPEGs (print workflows): TurboJPEG gives CMYK samples, inverted when an Adobe APP14 marker is
    /// present (Photoshop writes them so); RGB = (1 - C)(1 - K) per channel. No colour management.
    /// </summary>
    private static string? DecodeCmyk(TurboJpegHandle handle, ReadOnlySpan<byte> data, ImageFrame frame, bool adobeInverted)
    {
        long length = (long)frame.Width * frame.Height * 4;
        if (length > Array.MaxLength)
        {
            MediaThrow.TooLarge($"A CMYK image of {frame.Width}x{frame.Height} is too large to hold in memory.");
        }
        var cmyk = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            string? warning = DecodeInto(handle, data, cmyk.AsSpan(0, (int)length), frame.Width, frame.Height, TurboJpegNative.PixelFormatCmyk, 4);
            var rgb = frame.Pixels;
            for (long i = 0, o = 0; i < length; i += 4, o += 3)
            {
                int c = cmyk[i], m = cmyk[i + 1], y = cmyk[i + 2], k = cmyk[i + 3];
                if (!adobeInverted)
                {
                    c = 255 - c;
                    m = 255 - m;
                    y = 255 - y;
                    k = 255 - k;
                }
                rgb[(int)o] = (byte)((c * k + 127) / 255);
                rgb[(int)o + 1] = (byte)((m * k + 127) / 255);
                rgb[(int)o + 2] = (byte)((y * k + 127) / 255);
            }
            return warning;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cmyk);
        }
    }

    public static byte[] Encode(ImageFrame frame, EncodeSettings settings, AssetMetadata? metadata) =>
        Compress(settings, metadata, (handle, output, size) =>
        {
            fixed (byte* pixels = frame.Pixels)
            {
                // TurboJPEG ignores the alpha byte of TJPF_RGBA input: JPEG has no alpha.
                return TurboJpegNative.Compress2(handle, pixels, frame.Width, frame.Stride, frame.Height,
                    frame.HasAlpha ? TurboJpegNative.PixelFormatRgba : TurboJpegNative.PixelFormatRgb,
                    output, size, (int)settings.Subsampling, settings.Quality, EncodeFlags(Progressive(settings)));
            }
        });

    /// <summary>
    /// Encodes Y/Cb/Cr planes as they are (no colour conversion, no chroma resampling) at the quality and with the
    /// progression of <paramref name="settings"/>; the subsampling is the image's own.
    /// </summary>
    public static byte[] EncodeYuv(YuvImage image, EncodeSettings settings, AssetMetadata? metadata) =>
        Compress(settings, metadata, (handle, output, size) =>
        {
            // As above: the output pointers are captured as addresses.
            nint outputAddress = (nint)output;
            nint sizeAddress = (nint)size;
            return WithPlanes(image, (sources, strides) => TurboJpegNative.CompressFromYuvPlanes(handle, sources, image.Width, strides,
                image.Height, (int)image.Subsampling, (byte**)outputAddress, (nuint*)sizeAddress, settings.Quality, EncodeFlags(Progressive(settings))));
        });

    private delegate int PlanesCall(byte** planes, int* strides);

    /// <summary>Pins the image's planes for a TurboJPEG call that takes an array of plane pointers and one of strides.</summary>
    private static int WithPlanes(YuvImage image, PlanesCall call)
    {
        int planes = image.PlaneCount;
        fixed (byte* y = image.Plane(0))
        fixed (byte* cb = planes > 1 ? image.Plane(1) : default)
        fixed (byte* cr = planes > 1 ? image.Plane(2) : default)
        {
            byte** pointers = stackalloc byte*[3] { y, cb, cr };
            int* strides = stackalloc int[3];
            for (int i = 0; i < planes; i++)
            {
                strides[i] = image.PlaneWidth(i);
            }
            return call(pointers, strides);
        }
    }

    // The accurate DCT is the one decoders invert (libjpeg's default, and ours): with the fast one a decoded JPEG
    // encoded again at its own quality lands on other coefficients than it had, and the re-encode of an unchanged
    // smooth q95 photo grew by up to 8% (bench jpeg-growth, "unmarked re-encode"). It costs little encode time.
    private static int EncodeFlags(bool progressive) =>
        TurboJpegNative.FlagAccurateDct | (progressive ? TurboJpegNative.FlagProgressive : 0);

    // Whether the encode itself writes progressive: not when the progression is chosen by size, which encodes baseline
    // and transcodes (JpegProgressiveTranscoder; progressive Huffman tables are always optimised, baseline ones only
    // through TJ_OPTIMIZE on compression, which tjTransform does not read).
    private static bool Progressive(EncodeSettings settings) => settings.Progressive && settings.SmallerProgressionAbove is null;

    private delegate int CompressCall(TurboJpegHandle handle, byte** output, nuint* size);

    private static byte[] Compress(EncodeSettings settings, AssetMetadata? metadata, CompressCall compress)
    {
        // A TurboJPEG 2.1 compressor that has written a progressive file writes corrupt baseline files afterwards
        // (its scan script survives; found by the round-trip tests). Progressive encodes get a handle of their own,
        // used once; baseline encodes reuse the thread's handle.
        TurboJpegHandle? own = Progressive(settings) ? Create(TurboJpegNative.InitCompress()) : null;
        var handle = own ?? (t_compressor ??= Create(TurboJpegNative.InitCompress()));
        byte* output = null;
        nuint size = 0;
        try
        {
            if (compress(handle, &output, &size) != 0)
            {
                throw new InvalidOperationException("TurboJPEG could not encode the image: " + TurboJpegNative.ErrorMessage(handle));
            }
            var encoded = new ReadOnlySpan<byte>(output, checked((int)size));
            var file = WithMetadata(encoded, metadata);
            // The threshold is on the file as written, metadata included: that is the size its caller budgets for.
            // The transcode drops every marker but the frame's own, so the metadata is written again on its output.
            if (settings.SmallerProgressionAbove is { } above && file.Length > above &&
                JpegProgressiveTranscoder.SmallerProgressive(encoded) is { } progressive)
            {
                file = WithMetadata(progressive, metadata);
            }
            return file;
        }
        finally
        {
            if (output is not null)
            {
                TurboJpegNative.Free(output);
            }
            own?.Dispose();
        }
    }

    private static byte[] WithMetadata(ReadOnlySpan<byte> encoded, AssetMetadata? metadata) =>
        metadata is null || metadata.IsEmpty ? encoded.ToArray() : JpegHandler.Instance.WriteMetadata(encoded, metadata);

    /// <summary>The new TurboJPEG instance; throws when TurboJPEG could not create one.</summary>
    internal static TurboJpegHandle Create(TurboJpegHandle handle) =>
        handle.IsInvalid ? throw new InvalidOperationException("TurboJPEG could not create a handle (out of memory).") : handle;
}
