namespace Provenance.Core.Imaging.Transforms;

/// <summary>Copies a rectangle out of a frame.</summary>
internal static class Crop
{
    public static ImageFrame Apply(ImageFrame source, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > source.Width || y + height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {width}x{height}+{x}+{y} is outside {source.Width}x{source.Height}.");
        }
        var result = ImageFrame.Allocate(width, height, source.Format);
        int bpp = source.BytesPerPixel;
        for (int row = 0; row < height; row++)
        {
            source.Row(y + row).Slice(x * bpp, width * bpp).CopyTo(result.Row(row));
        }
        return result;
    }

    /// <summary>The centred crop keeping <paramref name="areaFraction"/> of the area at the same aspect ratio.</summary>
    public static ImageFrame Centre(ImageFrame source, double areaFraction)
    {
        double side = Math.Sqrt(areaFraction);
        int width = Math.Max(1, (int)Math.Round(source.Width * side));
        int height = Math.Max(1, (int)Math.Round(source.Height * side));
        return Apply(source, (source.Width - width) / 2, (source.Height - height) / 2, width, height);
    }
}
