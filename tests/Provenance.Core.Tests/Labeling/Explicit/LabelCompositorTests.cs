using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Tests.Labeling.Explicit;

/// <summary>The label put on the two pixel forms Sign holds: a JPEG's planes and an RGB(A) frame.</summary>
public sealed class LabelCompositorTests
{
    [Theory]
    [InlineData(ChromaSubsampling.Yuv420)]
    [InlineData(ChromaSubsampling.Yuv422)]
    [InlineData(ChromaSubsampling.Yuv444)]
    [InlineData(ChromaSubsampling.Yuv440)]
    [InlineData(ChromaSubsampling.Yuv411)]
    [InlineData(ChromaSubsampling.Gray)]
    public void On_jpeg_planes_the_plate_is_its_grey_with_neutral_chroma_and_nothing_else_changes(ChromaSubsampling subsampling)
    {
        var jpeg = JpegOf(subsampling, 641, 479);
        using var planes = JpegCodec.TryDecodeYuv(jpeg, MediaLimits.Default)!;
        using var before = JpegCodec.TryDecodeYuv(jpeg, MediaLimits.Default)!;
        var image = planes.Image;
        var (fx, fy) = LabelCompositor.ChromaFactors(image);
        var raster = LabelRenderer.Render(new ExplicitLabel("AI生成", LabelPosition.BottomLeft), image.Width, image.Height)
            .Aligned(fx, fy, image.Width, image.Height);

        LabelCompositor.Apply(raster, image);

        for (int y = 0; y < image.Height; y++)
        {
            var row = image.LumaRow(y);
            var old = before.Image.LumaRow(y);
            for (int x = 0; x < image.Width; x++)
            {
                bool inside = x >= raster.X && x < raster.X + raster.Width && y >= raster.Y && y < raster.Y + raster.Height;
                Assert.Equal(inside ? raster.Row(y - raster.Y)[x - raster.X] : old[x], row[x]);
            }
        }
        for (int p = 1; p < image.PlaneCount; p++)
        {
            int cfx = image.PlaneWidth(0) / image.PlaneWidth(p), cfy = image.PlaneHeight(0) / image.PlaneHeight(p);
            var plane = image.Plane(p);
            var old = before.Image.Plane(p);
            for (int cy = 0; cy < image.PlaneHeight(p); cy++)
            {
                for (int cx = 0; cx < image.PlaneWidth(p); cx++)
                {
                    // A chroma sample under the plate covers only plate pixels (the plate is aligned), so it is neutral.
                    bool inside = cx * cfx >= raster.X && (cx + 1) * cfx <= raster.X + raster.Width
                        && cy * cfy >= raster.Y && (cy + 1) * cfy <= raster.Y + raster.Height;
                    bool touches = (cx + 1) * cfx > raster.X && cx * cfx < raster.X + raster.Width
                        && (cy + 1) * cfy > raster.Y && cy * cfy < raster.Y + raster.Height;
                    Assert.Equal(inside, touches);
                    Assert.Equal(inside ? (byte)128 : old[cy * image.PlaneWidth(p) + cx], plane[cy * image.PlaneWidth(p) + cx]);
                }
            }
        }
    }

    [Fact]
    public void An_unaligned_plate_is_refused_on_subsampled_planes()
    {
        using var planes = JpegCodec.TryDecodeYuv(JpegOf(ChromaSubsampling.Yuv420, 640, 480), MediaLimits.Default)!;
        var raster = LabelRenderer.Render(new ExplicitLabel(), 640, 480);
        var shifted = raster with { X = raster.X | 1 };
        Assert.Throws<ArgumentException>(() => LabelCompositor.Apply(shifted, planes.Image));
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Rgba32)]
    public void On_a_frame_the_plate_is_opaque_grey_and_nothing_else_changes(PixelFormat format)
    {
        using var frame = ImageFrame.Allocate(500, 400, format);
        new Random(7).NextBytes(frame.Pixels);
        using var before = frame.Clone();
        var raster = LabelRenderer.Render(new ExplicitLabel("AI生成", LabelPosition.TopCenter), 500, 400);

        LabelCompositor.Apply(raster, frame);

        int bpp = frame.BytesPerPixel;
        for (int y = 0; y < 400; y++)
        {
            for (int x = 0; x < 500; x++)
            {
                var pixel = frame.Row(y).Slice(x * bpp, bpp);
                bool inside = x >= raster.X && x < raster.X + raster.Width && y >= raster.Y && y < raster.Y + raster.Height;
                if (inside)
                {
                    byte grey = raster.Row(y - raster.Y)[x - raster.X];
                    Assert.True(pixel[0] == grey && pixel[1] == grey && pixel[2] == grey && (bpp == 3 || pixel[3] == 255));
                }
                else
                {
                    Assert.True(pixel.SequenceEqual(before.Row(y).Slice(x * bpp, bpp)));
                }
            }
        }
    }

    /// <summary>A noisy JPEG at the given subsampling (odd sizes: planes wider than the image).</summary>
    private static byte[] JpegOf(ChromaSubsampling subsampling, int width, int height)
    {
        using var frame = ImageFrame.Allocate(width, height, PixelFormat.Rgb24);
        new Random(3).NextBytes(frame.Pixels);
        return ImageCodec.Encode(frame, EncodeSettings.Jpeg(90, subsampling));
    }
}
