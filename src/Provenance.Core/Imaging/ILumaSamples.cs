namespace Provenance.Core.Imaging;

/// <summary>
/// An <see cref="ILumaImage"/> that holds its luma as one 8-bit sample a pixel (a JPEG's Y plane, a video frame's).
/// The watermark's plane reduction reads these bytes directly instead of 256 x luma widened to 16 bits; the values
/// are the same, since <see cref="ILumaImage.ReadLuma"/> of such an image is each sample times 256.
/// </summary>
internal interface ILumaSamples : ILumaImage
{
    /// <summary>The <see cref="ILumaImage.Width"/> samples of row <paramref name="y"/>.</summary>
    ReadOnlySpan<byte> LumaSamples(int y);
}
