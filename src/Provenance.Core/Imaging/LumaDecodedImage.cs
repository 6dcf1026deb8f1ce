using Provenance.Core.Formats;
using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Imaging;

/// <summary>
/// A decoded image held in the cheapest form that luma work (watermark, fingerprint) and a re-encode in the
/// source's own settings need: a YCbCr or greyscale JPEG as its planes (no colour conversion either way, chroma
/// passed through untouched), anything else as an RGB(A) frame. Disposing returns the pixel buffers to the pool.
/// </summary>
internal sealed class LumaDecodedImage : IDisposable
{
    private readonly DecodedYuv? _planes;
    private readonly DecodedImage? _frame;

    private LumaDecodedImage(DecodedYuv? planes, DecodedImage? frame)
    {
        _planes = planes;
        _frame = frame;
        Luma = planes is not null ? planes.Image : new RgbFrameLuma(frame!.Frame);
    }

    /// <summary>Decodes as <see cref="ImageCodec.Decode"/> does, with the same checks and typed errors.</summary>
    public static LumaDecodedImage Decode(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        if (AssetHandlers.Open(data, limits).Format == AssetFormat.Jpeg && JpegCodec.TryDecodeYuv(data, limits) is { } planes)
        {
            return new LumaDecodedImage(planes, null);
        }
        return new LumaDecodedImage(null, ImageCodec.Decode(data, limits));
    }

    /// <summary>
    /// Decodes as <see cref="Decode"/> does and refuses what the codec only warned about (e.g. libjpeg's "Premature
    /// end of JPEG file", after which it fills the missing rows in grey): Sign and Verify both judge the pixels the
    /// file actually holds, so a damaged file gets the same <see cref="InvalidMediaException"/> from either,
    /// Truncated when the data ends early and Corrupt otherwise.
    /// </summary>
    public static LumaDecodedImage DecodeIntact(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        var decoded = Decode(data, limits);
        if (decoded.Warning is { } warning)
        {
            decoded.Dispose();
            throw Damaged(warning);
        }
        return decoded;
    }

    /// <summary>The error for pixels the codec only warned about: Truncated when the data ends early, Corrupt otherwise.</summary>
    internal static InvalidMediaException Damaged(string warning)
    {
        var error = warning.Contains("Premature end", StringComparison.OrdinalIgnoreCase) ||
            warning.Contains("truncat", StringComparison.OrdinalIgnoreCase)
            ? MediaError.Truncated
            : MediaError.Corrupt;
        return new InvalidMediaException(error, "The image is damaged: " + warning);
    }

    public ILumaImage Luma { get; }

    /// <summary>The JPEG's planes, when it was decoded to them; null otherwise.</summary>
    public YuvImage? Planes => _planes?.Image;

    /// <summary>The RGB(A) frame, when the image was not decoded to planes; null otherwise.</summary>
    public ImageFrame? Frame => _frame?.Frame;

    /// <summary>The source's encode settings: what <see cref="Encode"/> writes with.</summary>
    public EncodeSettings SourceSettings => _planes is not null ? _planes.Info.SourceSettings : _frame!.Info.SourceSettings;

    /// <summary>As <see cref="DecodedImage.Warning"/>.</summary>
    public string? Warning => _planes is not null ? _planes.Warning : _frame!.Warning;

    /// <summary>
    /// Encodes the (possibly edited) pixels again with the source's settings and <paramref name="metadata"/>; a JPEG
    /// over <paramref name="smallerProgressionAbove"/> bytes in whichever progression is smaller
    /// (<see cref="EncodeSettings.SmallerProgressionAbove"/>; null: in the source's own).
    /// </summary>
    public byte[] Encode(AssetMetadata metadata, long? smallerProgressionAbove) => _planes is not null
        ? JpegCodec.EncodeYuv(_planes.Image, _planes.Info.SourceSettings with { SmallerProgressionAbove = smallerProgressionAbove }, metadata)
        : ImageCodec.Encode(_frame!.Frame, _frame.Info.Format == AssetFormat.Jpeg
            ? _frame.Info.SourceSettings with { SmallerProgressionAbove = smallerProgressionAbove }
            : _frame.Info.SourceSettings, metadata);

    public void Dispose()
    {
        _planes?.Dispose();
        _frame?.Dispose();
    }
}
