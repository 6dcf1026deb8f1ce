namespace Provenance.Core.Imaging;

/// <summary>
/// Luma access to an RGB or RGBA frame: luma is computed with the BT.601 weights, and a luma change is the same
/// change on R, G and B (alpha untouched). The pixel kernels are vectorised
/// (<see cref="Bt601Luma"/>, <see cref="LumaDelta"/>).
/// </summary>
internal sealed class RgbFrameLuma(ImageFrame frame) : ILumaImage
{
    public int Width => frame.Width;

    public int Height => frame.Height;

    public int SamplesPerPixel => 3;

    public void ReadLuma(int y, Span<ushort> luma, bool useVectors) =>
        Bt601Luma.Row(frame.Row(y)[..(luma.Length * frame.BytesPerPixel)], frame.BytesPerPixel, luma, useVectors);

    /// <summary>256 x luma summed over the 2 x 2 blocks of rows <paramref name="y"/> and y + 1 (<see cref="Bt601Luma.BlockSums"/>).</summary>
    public void BlockSums(int y, Span<int> sums, bool useVectors) =>
        Bt601Luma.BlockSums(frame.Row(y), frame.Row(y + 1), frame.BytesPerPixel, sums, useVectors);

    public long AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors) =>
        LumaDelta.Apply(frame.Row(y), frame.BytesPerPixel, deltas, useVectors);
}
