using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>Lossy and lossless round trips that codec attacks need (encode, then decode to pixels).</summary>
internal interface IAttackCodecs
{
    string Name { get; }

    ImageFrame Jpeg(ImageFrame frame, int quality);

    ImageFrame Webp(ImageFrame frame, int quality);

    ImageFrame Png(ImageFrame frame);
}
