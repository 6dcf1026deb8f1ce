using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>
/// Codec round trips through the project's own imaging API (TurboJPEG with 4:2:0 chroma, libwebp, libpng), the
/// same code the service signs and verifies with. The harness's default; <see cref="ExternalToolCodecs"/> is the
/// independent reference it is checked against.
/// </summary>
internal sealed class ProjectCodecs : IAttackCodecs
{
    public string Name => "project ImageCodec (TurboJPEG 4:2:0, libwebp, libpng)";

    public ImageFrame Jpeg(ImageFrame frame, int quality) => RoundTrip(frame, EncodeSettings.Jpeg(quality));

    public ImageFrame Webp(ImageFrame frame, int quality) => RoundTrip(frame, EncodeSettings.WebP(quality));

    public ImageFrame Png(ImageFrame frame) => RoundTrip(frame, EncodeSettings.Png());

    /// <summary>Decodes a file with the project's codecs (the caller owns the frame).</summary>
    public static ImageFrame Load(string path) => ImageCodec.Decode(File.ReadAllBytes(path)).Frame;

    private static ImageFrame RoundTrip(ImageFrame frame, EncodeSettings settings)
    {
        var bytes = ImageCodec.Encode(frame, settings);
        return ImageCodec.Decode(bytes).Frame;
    }
}
