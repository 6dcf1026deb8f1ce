using Provenance.Core.Formats;
using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Imaging;

/// <summary>
/// An image decoded to be read, not re-encoded (Verify: watermark detection and the fingerprint), in the cheapest
/// form that gives its luma: a YCbCr or greyscale JPEG as its Y plane alone (libjpeg skips the chroma's inverse
/// DCT, about a sixth of the decode of a 4:2:0 file), anything else as an RGB(A) frame. The luma is the one
/// <see cref="LumaDecodedImage"/> gives for the same file, sample for sample. Disposing returns the buffers.
/// </summary>
internal sealed class DecodedLuma : IDisposable
{
    private readonly IDisposable _pixels;

    private DecodedLuma(ILumaImage luma, IDisposable pixels)
    {
        Luma = luma;
        _pixels = pixels;
    }

    public ILumaImage Luma { get; }

    /// <summary>
    /// Decodes with <see cref="LumaDecodedImage.DecodeIntact"/>'s checks and typed errors: what the codec only warned
    /// about (a truncated or damaged file) throws as there.
    /// </summary>
    public static DecodedLuma DecodeIntact(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        if (AssetHandlers.Open(data, limits).Format == AssetFormat.Jpeg && JpegCodec.TryDecodeLuma(data, limits) is var (plane, planeWarning))
        {
            if (planeWarning is not null)
            {
                plane.Dispose();
                throw LumaDecodedImage.Damaged(planeWarning);
            }
            return new DecodedLuma(plane, plane);
        }
        var decoded = ImageCodec.Decode(data, limits);
        if (decoded.Warning is { } warning)
        {
            decoded.Dispose();
            throw LumaDecodedImage.Damaged(warning);
        }
        return new DecodedLuma(new RgbFrameLuma(decoded.Frame), decoded);
    }

    public void Dispose() => _pixels.Dispose();
}
