using Provenance.Core.Formats;
using Provenance.Core.Imaging;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>The stripped uploads the Verify benchmarks share: what a platform that removes metadata makes of a signed file.</summary>
internal static class StrippedUploads
{
    /// <summary>
    /// <paramref name="signed"/> decoded and re-encoded without its manifest, in its own format: a JPEG at q85, a PNG
    /// as PNG, a WebP at q85. The watermark is all that is left of the signature.
    /// </summary>
    public static byte[] Strip(byte[] signed)
    {
        using var decoded = ImageCodec.Decode(signed);
        var settings = decoded.Info.SourceSettings.Format switch
        {
            AssetFormat.Jpeg => EncodeSettings.Jpeg(85),
            AssetFormat.Png => EncodeSettings.Png(),
            AssetFormat.WebP => EncodeSettings.WebP(85),
            var other => throw new ArgumentException($"no stripped form for {other}", nameof(signed)),
        };
        return ImageCodec.Encode(decoded.Frame, settings);
    }
}
