namespace Provenance.Core.Imaging.Transforms;

/// <summary>Separable Gaussian blur (kernel radius ceil(3 sigma), edges clamped), all channels.</summary>
internal static class GaussianBlur
{
    public static ImageFrame Apply(ImageFrame source, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++)
        {
            total += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= (float)total;
        }
        int w = source.Width;
        int h = source.Height;
        int c = source.BytesPerPixel;
        var temp = new float[w * h * c];
        for (int y = 0; y < h; y++)
        {
            var row = source.Row(y);
            for (int x = 0; x < w; x++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        sum += kernel[k + radius] * row[Math.Clamp(x + k, 0, w - 1) * c + ch];
                    }
                    temp[(y * w + x) * c + ch] = sum;
                }
            }
        }
        var result = ImageFrame.Allocate(w, h, source.Format);
        int stride = w * c;
        for (int y = 0; y < h; y++)
        {
            var dst = result.Row(y);
            for (int i = 0; i < stride; i++)
            {
                float sum = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    sum += kernel[k + radius] * temp[Math.Clamp(y + k, 0, h - 1) * stride + i];
                }
                dst[i] = (byte)Math.Clamp((int)MathF.Round(sum), 0, 255);
            }
        }
        return result;
    }
}
