using Provenance.Core.Formats;

namespace Provenance.Core.Imaging;

/// <summary>
/// What the header says about an image, read without decoding pixels: size, alpha, source bit depth, and the
/// settings to re-encode it the same way.
/// </summary>
internal sealed record ImageInfo(AssetFormat Format, int Width, int Height, bool HasAlpha, int BitDepth, EncodeSettings SourceSettings)
{
    /// <summary>The frame layout a decode produces.</summary>
    public PixelFormat PixelFormat => HasAlpha ? PixelFormat.Rgba32 : PixelFormat.Rgb24;

    public long PixelCount => (long)Width * Height;
}
