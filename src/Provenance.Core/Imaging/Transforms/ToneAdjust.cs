namespace Provenance.Core.Imaging.Transforms;

/// <summary>
/// Global tone changes as the watermarking benchmarks define them (torchvision's adjust_brightness and
/// adjust_contrast): brightness scales every channel, contrast blends with the mean grey level of the image.
/// Alpha untouched.
/// </summary>
internal static class ToneAdjust
{
    public static ImageFrame Brightness(ImageFrame source, double factor) => Map(source, v => v * factor);

    public static ImageFrame Contrast(ImageFrame source, double factor)
    {
        double mean = MeanLuma(source);
        return Map(source, v => (v - mean) * factor + mean);
    }

    private static ImageFrame Map(ImageFrame source, Func<double, double> f)
    {
        Span<byte> table = stackalloc byte[256];
        for (int v = 0; v < 256; v++)
        {
            table[v] = (byte)Math.Clamp((int)Math.Round(f(v)), 0, 255);
        }
        var result = source.Clone();
        int bpp = result.BytesPerPixel;
        var pixels = result.Pixels;
        for (int p = 0; p < pixels.Length; p += bpp)
        {
            pixels[p] = table[pixels[p]];
            pixels[p + 1] = table[pixels[p + 1]];
            pixels[p + 2] = table[pixels[p + 2]];
        }
        return result;
    }

    private static double MeanLuma(ImageFrame source)
    {
        long sum = 0;
        int bpp = source.BytesPerPixel;
        var pixels = source.Pixels;
        for (int p = 0; p < pixels.Length; p += bpp)
        {
            sum += 77 * pixels[p] + 150 * pixels[p + 1] + 29 * pixels[p + 2];
        }
        return sum / 256.0 / (source.Width * (double)source.Height);
    }
}
