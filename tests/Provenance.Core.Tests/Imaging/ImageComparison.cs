using Provenance.Core.Imaging;

namespace Provenance.Core.Tests.Imaging;

/// <summary>Pixel comparisons with explicit tolerances.</summary>
internal static class ImageComparison
{
    /// <summary>PSNR in dB over the RGB channels of two frames of the same size (alpha ignored); +inf when identical.</summary>
    public static double Psnr(ImageFrame a, ImageFrame b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        double sum = 0;
        long count = 0;
        for (int y = 0; y < a.Height; y++)
        {
            var ra = a.Row(y);
            var rb = b.Row(y);
            for (int x = 0; x < a.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int d = ra[x * a.BytesPerPixel + c] - rb[x * b.BytesPerPixel + c];
                    sum += d * d;
                }
                count += 3;
            }
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * count / sum);
    }

    /// <summary>Largest per-sample difference over all channels both frames have.</summary>
    public static int MaxDifference(ImageFrame a, ImageFrame b, bool includeAlpha = true)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        int channels = includeAlpha ? Math.Min(a.BytesPerPixel, b.BytesPerPixel) : 3;
        int max = 0;
        for (int y = 0; y < a.Height; y++)
        {
            var ra = a.Row(y);
            var rb = b.Row(y);
            for (int x = 0; x < a.Width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    max = Math.Max(max, Math.Abs(ra[x * a.BytesPerPixel + c] - rb[x * b.BytesPerPixel + c]));
                }
            }
        }
        return max;
    }

    /// <summary>An RGBA copy of an RGB frame with alpha falling from 255 at the top to 0 at the bottom.</summary>
    public static ImageFrame WithGradientAlpha(ImageFrame rgb)
    {
        var rgba = ImageFrame.Allocate(rgb.Width, rgb.Height, PixelFormat.Rgba32);
        for (int y = 0; y < rgb.Height; y++)
        {
            var source = rgb.Row(y);
            var target = rgba.Row(y);
            byte alpha = (byte)(255 - 255L * y / Math.Max(1, rgb.Height - 1));
            for (int x = 0; x < rgb.Width; x++)
            {
                target[4 * x] = source[3 * x];
                target[4 * x + 1] = source[3 * x + 1];
                target[4 * x + 2] = source[3 * x + 2];
                target[4 * x + 3] = alpha;
            }
        }
        return rgba;
    }
}
