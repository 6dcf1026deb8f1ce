using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Cli.Bench;

/// <summary>Codec round trips through libjpeg-turbo's, libwebp's and ImageMagick's command-line tools.</summary>
internal sealed class ExternalToolCodecs(ExternalTools tools) : IAttackCodecs
{
    public string Name => "cjpeg/djpeg, cwebp/dwebp, ImageMagick png";

    public ImageFrame Jpeg(ImageFrame frame, int quality) => tools.JpegRoundTrip(frame, quality);

    public ImageFrame Webp(ImageFrame frame, int quality) => tools.WebpRoundTrip(frame, quality);

    public ImageFrame Png(ImageFrame frame) => tools.PngRoundTrip(frame);
}
