using Provenance.Core.Formats;
using Provenance.Core.Formats.WebP;
using Provenance.Core.Imaging.Native;

namespace Provenance.Core.Imaging.WebP;

/// <summary>
/// WebP pixels through libwebp: still images, lossy (VP8, with or without an ALPH chunk) and lossless (VP8L).
/// Animated files are refused. Encoding uses libwebp's simple API, i.e. its default configuration (method 4),
/// which is what cwebp uses for -q; alpha is kept losslessly.
/// </summary>
internal static unsafe class WebPCodec
{
    /// <summary>The VP8/VP8L limit: 14-bit dimensions.</summary>
    public const int MaxDimension = 16383;

    static WebPCodec() => NativeLibraryResolver.EnsureRegistered();

    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var layout = WebPLayout.Parse(data);
        bool alpha;
        int width, height;
        RiffChunk image;
        if (layout.IsExtended)
        {
            var header = Vp8xHeader.Parse(layout.Chunks[0].Data(data));
            if (header.Has(Vp8xHeader.AnimationFlag) || layout.IndexOfFirst(WebPChunkType.Anmf) >= 0)
            {
                MediaThrow.Unsupported("Animated WebP is not supported.");
            }
            (width, height) = (header.CanvasWidth, header.CanvasHeight);
            // Check the canvas before reading further: it is what a decoder allocates.
            limits.CheckDimensions(width, height);
            image = ImageChunk(layout);
            alpha = header.Has(Vp8xHeader.AlphaFlag) || (image.FourCc == WebPChunkType.Vp8 && layout.IndexOfFirst(WebPChunkType.Alph) >= 0);
        }
        else
        {
            image = layout.Chunks[0];
            alpha = false;
            width = height = 0;
        }
        var frame = WebPBitstream.Parse(image.FourCc, image.Data(data));
        if (layout.IsExtended && (frame.Width != width || frame.Height != height))
        {
            MediaThrow.Corrupt($"The WebP canvas is {width}x{height} but its image is {frame.Width}x{frame.Height}.");
        }
        limits.CheckDimensions(frame.Width, frame.Height);
        alpha |= frame.HasAlpha;
        EncodeSettings settings;
        if (frame.Lossless)
        {
            settings = EncodeSettings.WebPLossless() with { QualityIsExact = true };
        }
        else
        {
            int? quality = WebPQualityEstimator.Estimate(image.Data(data));
            settings = EncodeSettings.WebP(quality ?? 75);
        }
        return new ImageInfo(AssetFormat.WebP, frame.Width, frame.Height, alpha, BitDepth: 8, settings);
    }

    private static RiffChunk ImageChunk(WebPLayout layout)
    {
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.FourCc is WebPChunkType.Vp8 or WebPChunkType.Vp8L)
            {
                return chunk;
            }
        }
        return MediaThrow.Corrupt<RiffChunk>("The WebP file has no VP8 or VP8L image chunk.");
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var info = ReadInfo(data, limits);
        var frame = ImageFrame.Allocate(info.Width, info.Height, info.PixelFormat);
        try
        {
            var config = default(WebPDecoderConfig);
            if (LibWebPNative.InitDecoderConfigInternal(&config, LibWebPNative.DecoderAbiVersion) == 0)
            {
                throw new InvalidOperationException("libwebp refused decoder ABI version 0x0209.");
            }
            int status;
            fixed (byte* source = data)
            fixed (byte* target = frame.Pixels)
            {
                // libwebp's parser must see the image ours saw, or the frame would be partly left unwritten.
                var features = default(WebPBitstreamFeatures);
                status = LibWebPNative.GetFeaturesInternal(source, (nuint)data.Length, &features, LibWebPNative.DecoderAbiVersion);
                if (status == 0 && (features.Width != info.Width || features.Height != info.Height))
                {
                    MediaThrow.Corrupt($"libwebp reads a {features.Width}x{features.Height} image where the headers say {info.Width}x{info.Height}.");
                }
                config.Output.Colorspace = info.HasAlpha ? LibWebPNative.ModeRgba : LibWebPNative.ModeRgb;
                config.Output.IsExternalMemory = 1;
                config.Output.U.Rgba.Rgba = target;
                config.Output.U.Rgba.Stride = frame.Stride;
                config.Output.U.Rgba.Size = (nuint)frame.ByteLength;
                try
                {
                    status = LibWebPNative.Decode(source, (nuint)data.Length, &config);
                }
                finally
                {
                    // Frees nothing for external memory, but releases any internal state the decoder kept.
                    LibWebPNative.FreeDecBuffer(&config.Output);
                }
            }
            if (status != 0)
            {
                throw new InvalidMediaException(
                    status == LibWebPNative.StatusNotEnoughData ? MediaError.Truncated : MediaError.Corrupt,
                    "The WebP could not be decoded: libwebp: " + LibWebPNative.StatusName(status));
            }
            return new DecodedImage(frame, info, warning: null);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    public static byte[] Encode(ImageFrame frame, EncodeSettings settings, AssetMetadata? metadata)
    {
        if (frame.Width > MaxDimension || frame.Height > MaxDimension)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"WebP cannot hold {frame.Width}x{frame.Height}; its limit is {MaxDimension} per side.");
        }
        byte* output = null;
        try
        {
            nuint size;
            fixed (byte* pixels = frame.Pixels)
            {
                size = (settings.Lossless, frame.HasAlpha) switch
                {
                    (true, true) => LibWebPNative.EncodeLosslessRgba(pixels, frame.Width, frame.Height, frame.Stride, &output),
                    (true, false) => LibWebPNative.EncodeLosslessRgb(pixels, frame.Width, frame.Height, frame.Stride, &output),
                    (false, true) => LibWebPNative.EncodeRgba(pixels, frame.Width, frame.Height, frame.Stride, settings.Quality, &output),
                    (false, false) => LibWebPNative.EncodeRgb(pixels, frame.Width, frame.Height, frame.Stride, settings.Quality, &output),
                };
            }
            if (size == 0 || output is null)
            {
                throw new InvalidOperationException("libwebp could not encode the frame (out of memory or invalid parameters).");
            }
            var encoded = new ReadOnlySpan<byte>(output, checked((int)size));
            return metadata is null || metadata.IsEmpty ? encoded.ToArray() : WebPHandler.Instance.WriteMetadata(encoded, metadata);
        }
        finally
        {
            if (output is not null)
            {
                LibWebPNative.Free(output);
            }
        }
    }
}
