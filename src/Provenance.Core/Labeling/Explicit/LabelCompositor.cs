using Provenance.Core.Imaging;

namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Puts a drawn label on decoded pixels, in whatever form Sign holds them, so the image goes back through its
/// normal encoder: an RGB(A) frame gets R = G = B = the plate's grey (alpha opaque); a JPEG's planes get luma =
/// the grey and neutral chroma (128) under the plate, which is the same grey in JPEG's full-range YCbCr. On planes
/// the plate is first grown to the chroma subsampling's grid (<see cref="LabelRaster.Aligned"/>), so every chroma
/// sample it touches lies wholly under it. The label is laid out on the image as viewers show it (EXIF
/// orientation applied) and turned into the stored grid.
/// </summary>
internal static class LabelCompositor
{
    /// <summary>
    /// Draws <paramref name="label"/> on <paramref name="image"/>, shown turned by <paramref name="orientation"/>,
    /// and returns where it went in the stored pixels.
    /// </summary>
    public static LabelRaster Apply(LumaDecodedImage image, ExplicitLabel label, ExifOrientation orientation, LabelFont? font = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Luma.Width, height = image.Luma.Height;
        var raster = orientation.SwapsAxes
            ? LabelRenderer.Render(label, height, width, font)
            : LabelRenderer.Render(label, width, height, font);
        raster = raster.ToStored(orientation, width, height);
        if (image.Planes is { } planes)
        {
            var (alignX, alignY) = ChromaFactors(planes);
            raster = raster.Aligned(alignX, alignY, width, height);
            Apply(raster, planes);
        }
        else
        {
            Apply(raster, image.Frame!);
        }
        return raster;
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

    /// <summary>Puts <paramref name="raster"/> on <paramref name="planes"/>; the raster must be aligned to their chroma grid.</summary>
    public static void Apply(LabelRaster raster, YuvImage planes)
    {
        RequireInside(raster, planes.Width, planes.Height);
        var (alignX, alignY) = ChromaFactors(planes);
        if (raster.X % alignX != 0 || raster.Y % alignY != 0
            || (raster.Width % alignX != 0 && raster.X + raster.Width != planes.Width)
            || (raster.Height % alignY != 0 && raster.Y + raster.Height != planes.Height))
        {
            throw new ArgumentException($"the label's plate is not aligned to the {alignX}x{alignY} chroma grid", nameof(raster));
        }
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
