using Provenance.Core.Formats;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Imaging.Png;
using Provenance.Core.Imaging.WebP;

namespace Provenance.Core.Imaging;

/// <summary>
/// The imaging entry point: header facts, decode to a pooled 8-bit RGB(A) frame, and encode back, for JPEG,
/// PNG and WebP. Every decode checks the file-size limit, recognises the format from the bytes, reads the
/// dimensions from the header and checks them (and, for JPEG and PNG, that the coded data could fill them)
/// before a pixel buffer is allocated. Malformed input gives <see cref="InvalidMediaException"/>.
/// </summary>
internal static class ImageCodec
{
    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, MediaLimits? limits = null)
    {
        limits ??= MediaLimits.Default;
        return Format(data, limits) switch
        {
            AssetFormat.Jpeg => JpegCodec.ReadInfo(data, limits),
            AssetFormat.Png => PngCodec.ReadInfo(data, limits),
            _ => WebPCodec.ReadInfo(data, limits),
        };
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> data, MediaLimits? limits = null)
    {
        limits ??= MediaLimits.Default;
        return Format(data, limits) switch
        {
            AssetFormat.Jpeg => JpegCodec.Decode(data, limits),
            AssetFormat.Png => PngCodec.Decode(data, limits),
            _ => WebPCodec.Decode(data, limits),
        };
    }

    /// <summary>
    /// Encodes <paramref name="frame"/> with <paramref name="settings"/> and writes <paramref name="metadata"/>
    /// (EXIF, ICC, XMP, IPTC where the format has a place for it) into the result through the format handler.
    /// </summary>
    public static byte[] Encode(ImageFrame frame, EncodeSettings settings, AssetMetadata? metadata = null) => settings.Format switch
    {
        AssetFormat.Jpeg => JpegCodec.Encode(frame, settings, metadata),
        AssetFormat.Png => PngCodec.Encode(frame, settings, metadata),
        AssetFormat.WebP => WebPCodec.Encode(frame, settings, metadata),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Format, null),
    };

    private static AssetFormat Format(ReadOnlySpan<byte> data, MediaLimits limits) => AssetHandlers.Open(data, limits).Format;
}
