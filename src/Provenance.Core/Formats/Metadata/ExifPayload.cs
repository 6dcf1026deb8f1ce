namespace Provenance.Core.Formats.Metadata;

/// <summary>
/// EXIF as <see cref="AssetMetadata"/> holds it: a bare TIFF structure. JPEG wraps it in "Exif\0\0"; some WebP
/// and PNG writers keep that prefix inside their chunk too, so readers strip it.
/// </summary>
internal static class ExifPayload
{
    public static ReadOnlySpan<byte> JpegPrefix => "Exif\0\0"u8;

    public static bool IsTiff(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8));

    /// <summary>The TIFF structure inside <paramref name="data"/>, or null when it is not EXIF.</summary>
    public static byte[]? ToTiff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(JpegPrefix))
        {
            data = data[JpegPrefix.Length..];
        }
        return IsTiff(data) ? data.ToArray() : null;
    }
}
