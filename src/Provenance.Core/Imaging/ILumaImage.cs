namespace Provenance.Core.Imaging;

/// <summary>
/// The luma of a decoded image, whatever holds it: interleaved RGB(A) pixels (<see cref="RgbFrameLuma"/>) or the
/// luma plane of a JPEG decoded without colour conversion (<see cref="YuvImage"/>). The watermark and the
/// perceptual fingerprint work on luma only, so they take this rather than a pixel format.
/// </summary>
internal interface ILumaImage
{
    int Width { get; }

    int Height { get; }

    /// <summary>
    /// How many stored samples a change of one pixel's luma changes: 3 for RGB (R, G and B move together, which
    /// moves BT.601 luma by the same amount), 1 for a luma plane. The mean squared error of a change is its summed
    /// squared error divided by this and the pixel count.
    /// </summary>
    int SamplesPerPixel { get; }

    /// <summary>256 x the BT.601 luma of the first <c>luma.Length</c> pixels of row <paramref name="y"/> (at most 65280).</summary>
    void ReadLuma(int y, Span<ushort> luma, bool useVectors);

    /// <summary>
    /// Adds <c>deltas[x]</c> to the luma of pixel x of row <paramref name="y"/>, each sample clamped to 0..255.
    /// Returns the squared change summed over the samples changed.
    /// </summary>
    long AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors);
}
