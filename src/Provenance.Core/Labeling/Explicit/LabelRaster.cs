namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// A label ready to be put on an image: the plate's rectangle in image pixels and its grey values (row after row,
/// <see cref="Width"/> a row), with what was measured while drawing it.
/// </summary>
/// <param name="TextHeight">Height in pixels of the rows the drawn text covers at least half a pixel of: the
/// label's text height as someone measuring the image would find it.</param>
/// <param name="FontSize">The font size (pixels per em) the text was drawn at.</param>
internal sealed record LabelRaster(
    ExplicitLabel Label,
    int X,
    int Y,
    int Width,
    int Height,
    byte[] Grey,
    int TextHeight,
    float FontSize)
{
    /// <summary>The plate's grey value: dark, so the light text stands out on any photo.</summary>
    public const byte PlateGrey = 24;

    /// <summary>The text's grey value: light, not white (a white that clips would ring more after JPEG).</summary>
    public const byte TextGrey = 232;

    public ReadOnlySpan<byte> Row(int y) => Grey.AsSpan(y * Width, Width);
}
