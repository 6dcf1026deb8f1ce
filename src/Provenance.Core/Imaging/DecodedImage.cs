namespace Provenance.Core.Imaging;

/// <summary>Decoded pixels with the facts about their source. Disposing returns the pixel buffer to the pool.</summary>
internal sealed class DecodedImage : IDisposable
{
    public DecodedImage(ImageFrame frame, ImageInfo info, string? warning)
    {
        Frame = frame;
        Info = info;
        Warning = warning;
    }

    public ImageFrame Frame { get; }

    public ImageInfo Info { get; }

    /// <summary>
    /// A non-fatal complaint from the codec (e.g. libjpeg's "Premature end of JPEG file", after which the missing
    /// rows are filled in), or null. The pixels are complete but may not be what the author encoded.
    /// </summary>
    public string? Warning { get; }

    public void Dispose() => Frame.Dispose();
}
