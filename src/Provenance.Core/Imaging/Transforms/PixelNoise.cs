namespace Provenance.Core.Imaging.Transforms;

/// <summary>Additive Gaussian noise, independent per channel (alpha untouched), from a seeded generator.</summary>
internal static class PixelNoise
{
    public static ImageFrame Gaussian(ImageFrame source, double sigma, int seed)
    {
        var result = source.Clone();
        var random = new Random(seed);
        int bpp = result.BytesPerPixel;
        var pixels = result.Pixels;
        for (int p = 0; p < pixels.Length; p += bpp)
        {
            for (int c = 0; c < 3; c++)
            {
                // Box-Muller.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                double n = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                pixels[p + c] = (byte)Math.Clamp((int)Math.Round(pixels[p + c] + sigma * n), 0, 255);
            }
        }
        return result;
    }
}
