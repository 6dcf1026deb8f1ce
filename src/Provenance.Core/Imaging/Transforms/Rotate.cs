namespace Provenance.Core.Imaging.Transforms;

/// <summary>
/// Rotation about the centre with Catmull-Rom interpolation, cropped to the largest centred rectangle of the
/// original aspect ratio that lies wholly inside the rotated picture (no fill colour left at the borders).
/// Positive angles turn the picture counter-clockwise as seen on screen.
/// </summary>
internal static class Rotate
{
    public static ImageFrame CroppedToContent(ImageFrame source, double degrees)
    {
        double theta = degrees * Math.PI / 180;
        double cos = Math.Cos(theta);
        double sin = Math.Sin(theta);
        double ac = Math.Abs(cos);
        double asn = Math.Abs(sin);
        int w = source.Width;
        int h = source.Height;
        double fit = Math.Min(w / (w * ac + h * asn), h / (w * asn + h * ac));
        int width = Math.Max(1, (int)Math.Floor(w * fit));
        int height = Math.Max(1, (int)Math.Floor(h * fit));
        var result = ImageFrame.Allocate(width, height, source.Format);
        int channels = source.BytesPerPixel;
        double scx = w * 0.5;
        double scy = h * 0.5;
        double dcx = width * 0.5;
        double dcy = height * 0.5;
        Span<double> wx = stackalloc double[4];
        Span<double> wy = stackalloc double[4];
        Span<double> acc = stackalloc double[4];
        var filter = ResampleFilter.CatmullRom;
        for (int y = 0; y < height; y++)
        {
            var dst = result.Row(y);
            double ry = y + 0.5 - dcy;
            for (int x = 0; x < width; x++)
            {
                double rx = x + 0.5 - dcx;
                // Screen y points down: a counter-clockwise turn on screen maps destination to source by the
                // rotation of -theta in these coordinates.
                double sx = cos * rx - sin * ry + scx - 0.5;
                double sy = sin * rx + cos * ry + scy - 0.5;
                int ix = (int)Math.Floor(sx);
                int iy = (int)Math.Floor(sy);
                for (int k = 0; k < 4; k++)
                {
                    wx[k] = filter.Weight(sx - (ix - 1 + k));
                    wy[k] = filter.Weight(sy - (iy - 1 + k));
                }
                acc.Clear();
                for (int j = 0; j < 4; j++)
                {
                    var row = source.Row(Math.Clamp(iy - 1 + j, 0, h - 1));
                    for (int i = 0; i < 4; i++)
                    {
                        int p = Math.Clamp(ix - 1 + i, 0, w - 1) * channels;
                        double weight = wx[i] * wy[j];
                        for (int c = 0; c < channels; c++)
                        {
                            acc[c] += weight * row[p + c];
                        }
                    }
                }
                for (int c = 0; c < channels; c++)
                {
                    dst[x * channels + c] = (byte)Math.Clamp((int)Math.Round(acc[c]), 0, 255);
                }
            }
        }
        return result;
    }
}
