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

    /// <summary>
    /// This raster, laid out on the image as displayed, moved into the stored pixel grid of a
    /// <paramref name="width"/> x <paramref name="height"/> image that viewers turn by <paramref name="orientation"/>.
    /// </summary>
    public LabelRaster ToStored(ExifOrientation orientation, int width, int height)
    {
        if (orientation.Value == 1)
        {
            return this;
        }
        var (ax, ay) = orientation.ToStored(X, Y, width, height);
        var (bx, by) = orientation.ToStored(X + Width - 1, Y + Height - 1, width, height);
        int left = Math.Min(ax, bx), top = Math.Min(ay, by);
        int storedWidth = Math.Abs(bx - ax) + 1, storedHeight = Math.Abs(by - ay) + 1;
        var grey = new byte[storedWidth * storedHeight];
        for (int row = 0; row < Height; row++)
        {
            for (int col = 0; col < Width; col++)
            {
                var (sx, sy) = orientation.ToStored(X + col, Y + row, width, height);
                grey[(sy - top) * storedWidth + (sx - left)] = Grey[row * Width + col];
            }
        }
        return this with { X = left, Y = top, Width = storedWidth, Height = storedHeight, Grey = grey };
    }

    /// <summary>
    /// This raster grown outwards to multiples of <paramref name="alignX"/> and <paramref name="alignY"/> (within a
    /// <paramref name="width"/> x <paramref name="height"/> image), the new border plate grey: a JPEG's chroma
    /// sample then lies wholly under the plate or wholly outside it.
    /// </summary>
    public LabelRaster Aligned(int alignX, int alignY, int width, int height)
    {
        int left = X - X % alignX, top = Y - Y % alignY;
        int right = Math.Min(width, (X + Width + alignX - 1) / alignX * alignX);
        int bottom = Math.Min(height, (Y + Height + alignY - 1) / alignY * alignY);
        if (left == X && top == Y && right == X + Width && bottom == Y + Height)
        {
            return this;
        }
        int alignedWidth = right - left;
        var grey = new byte[alignedWidth * (bottom - top)];
        grey.AsSpan().Fill(PlateGrey);
        for (int row = 0; row < Height; row++)
        {
            Row(row).CopyTo(grey.AsSpan((Y - top + row) * alignedWidth + (X - left), Width));
        }
        return this with { X = left, Y = top, Width = alignedWidth, Height = bottom - top, Grey = grey };
    }
}
