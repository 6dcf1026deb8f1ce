using Provenance.Core.Imaging;
using LumaPlane = Provenance.Core.Fingerprint.LumaPlane;

namespace Provenance.Core.Tests.Fingerprint;

public sealed class LumaPlaneTests
{
    // Sizes that give sampling steps 1 to 4, cells of uneven runs, a last row of cells with fewer rows, and widths that
    // are and are not a multiple of the vector width; RGB pixels, and 8-bit luma samples (a JPEG's Y plane).
    [Theory]
    [InlineData(1024, 1024, 128, false)]
    [InlineData(1024, 768, 256, false)]
    [InlineData(301, 203, 128, false)]
    [InlineData(4000, 3001, 128, false)]
    [InlineData(97, 1500, 24, false)]
    [InlineData(64, 48, 128, false)]
    [InlineData(1024, 1024, 128, true)]
    [InlineData(1024, 768, 256, true)]
    [InlineData(301, 203, 128, true)]
    [InlineData(97, 1500, 24, true)]
    public void Each_cell_is_the_mean_of_the_sampled_pixels_that_fall_in_it(int imageWidth, int imageHeight, int longSide, bool lumaSamples)
    {
        using var frame = ImageFrame.Allocate(imageWidth, imageHeight, PixelFormat.Rgb24);
        using var samples = new Provenance.Core.Imaging.LumaPlane(imageWidth, imageHeight);
        new Random(imageWidth * 31 + imageHeight).NextBytes(frame.Pixels);
        new Random(imageWidth * 37 + imageHeight).NextBytes(samples.Samples);
        ILumaImage image = lumaSamples ? samples : new RgbFrameLuma(frame);

        var plane = LumaPlane.FromImage(image, longSide);

        // The definition, pixel by pixel: every step-th pixel of every step-th row, in the cell its position scales to.
        double scale = Math.Min(1.0, (double)longSide / Math.Max(imageWidth, imageHeight));
        int width = Math.Max(1, (int)Math.Round(imageWidth * scale));
        int height = Math.Max(1, (int)Math.Round(imageHeight * scale));
        int step = Math.Max(1, Math.Min(imageWidth / width, imageHeight / height) / 4);
        var sums = new long[width * height];
        var counts = new int[width * height];
        var luma = new ushort[imageWidth];
        for (int y = 0; y < imageHeight; y += step)
        {
            image.ReadLuma(y, luma, useVectors: false);
            int cellY = Math.Min(height - 1, (int)((long)y * height / imageHeight));
            for (int x = 0; x < imageWidth; x += step)
            {
                int cellX = Math.Min(width - 1, (int)((long)x * width / imageWidth));
                sums[cellY * width + cellX] += luma[x] >> 8;
                counts[cellY * width + cellX]++;
            }
        }
        Assert.Equal((width, height), (plane.Width, plane.Height));
        for (int i = 0; i < sums.Length; i++)
        {
            Assert.Equal(counts[i] == 0 ? 0 : (float)sums[i] / counts[i], plane.Values[i]);
        }
    }
}
