using Provenance.Core.Imaging;

namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Puts a drawn label on decoded pixels, in whatever form Sign holds them, so the image goes back through its
/// normal encoder: an RGB(A) frame gets R = G = B = the plate's grey (alpha opaque); a JPEG's planes get luma =
/// the grey and neutral chroma (128) under the plate, which is the same grey in JPEG's full-range YCbCr. The plate
/// is aligned to the chroma subsampling (see <see cref="LabelRenderer.Render"/>), so every chroma sample it
/// touches lies wholly under it.
/// </summary>
internal static class LabelCompositor
{
    /// <summary>Draws <paramref name="label"/> on <paramref name="image"/> and returns where it went.</summary>
    public static LabelRaster Apply(LumaDecodedImage image, ExplicitLabel label, LabelFont? font = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Planes is { } planes)
        {
            var (alignX, alignY) = ChromaFactors(planes);
            var raster = LabelRenderer.Render(label, planes.Width, planes.Height, alignX, alignY, font);
            Apply(raster, planes);
            return raster;
        }
        var frame = image.Frame!;
        var drawn = LabelRenderer.Render(label, frame.Width, frame.Height, font: font);
        Apply(drawn, frame);
        return drawn;
    }

    /// <summary>The largest horizontal and vertical chroma subsampling factors of <paramref name="planes"/> (1 when greyscale).</summary>
    public static (int X, int Y) ChromaFactors(YuvImage planes)
    {
        int x = 1, y = 1;
        for (int p = 1; p < planes.PlaneCount; p++)
        {
            x = Math.Max(x, planes.PlaneWidth(0) / planes.PlaneWidth(p));
            y = Math.Max(y, planes.PlaneHeight(0) / planes.PlaneHeight(p));
        }
        return (x, y);
    }

    public static void Apply(LabelRaster raster, ImageFrame frame)
    {
        RequireInside(raster, frame.Width, frame.Height);
        int bpp = frame.BytesPerPixel;
        for (int row = 0; row < raster.Height; row++)
        {
            var src = raster.Row(row);
            var dst = frame.Row(raster.Y + row).Slice(raster.X * bpp, raster.Width * bpp);
            for (int col = 0; col < src.Length; col++)
            {
                var pixel = dst.Slice(col * bpp, bpp);
                pixel[0] = pixel[1] = pixel[2] = src[col];
                if (bpp == 4)
                {
                    pixel[3] = 255;
                }
            }
        }
    }

    public static void Apply(LabelRaster raster, YuvImage planes)
    {
        RequireInside(raster, planes.Width, planes.Height);
        for (int row = 0; row < raster.Height; row++)
        {
            raster.Row(row).CopyTo(planes.LumaRow(raster.Y + row).Slice(raster.X, raster.Width));
        }
        for (int p = 1; p < planes.PlaneCount; p++)
        {
            int fx = planes.PlaneWidth(0) / planes.PlaneWidth(p);
            int fy = planes.PlaneHeight(0) / planes.PlaneHeight(p);
            int width = planes.PlaneWidth(p);
            var plane = planes.Plane(p);
            for (int row = raster.Y / fy; row < (raster.Y + raster.Height + fy - 1) / fy; row++)
            {
                plane.Slice(row * width + raster.X / fx, (raster.Width + fx - 1) / fx).Fill(128);
            }
        }
    }

    private static void RequireInside(LabelRaster raster, int width, int height)
    {
        if (raster.X < 0 || raster.Y < 0 || raster.X + raster.Width > width || raster.Y + raster.Height > height)
        {
            throw new ArgumentException($"the label at {raster.X},{raster.Y} ({raster.Width}x{raster.Height}) lies outside a {width}x{height} image", nameof(raster));
        }
    }
}
