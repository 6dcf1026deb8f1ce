namespace Provenance.Core.Imaging;

/// <summary>A JPEG decoded to its Y/Cb/Cr planes, with the facts about its source. Disposing returns the planes to the pool.</summary>
internal sealed class DecodedYuv(YuvImage image, ImageInfo info, string? warning) : IDisposable
{
    public YuvImage Image { get; } = image;

    public ImageInfo Info { get; } = info;

    /// <summary>As <see cref="DecodedImage.Warning"/>: a non-fatal complaint from the codec, or null.</summary>
    public string? Warning { get; } = warning;

    public void Dispose() => Image.Dispose();
}
