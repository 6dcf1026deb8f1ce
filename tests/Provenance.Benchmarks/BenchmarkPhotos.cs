using Provenance.Core.Imaging;
using Provenance.Testing;

namespace Provenance.Benchmarks;

/// <summary>The images the pipeline benchmarks share, so that their figures describe the same input.</summary>
internal static class BenchmarkPhotos
{
    /// <summary>A 1024x1024 crop (top-left) of a corpus photo, encoded as JPEG q90 by the project's own codec.</summary>
    public static byte[] Jpeg1024(string photo = "Garden.jpg") => JpegCrop(1024, 1024, photo);

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> crop (top-left) of a corpus photo, as JPEG q90.</summary>
    public static byte[] JpegCrop(int width, int height, string photo = "Garden.jpg")
    {
        using var decoded = ImageCodec.Decode(File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, photo)));
        using var crop = ImageFrame.Allocate(width, height, decoded.Frame.Format);
        for (var y = 0; y < height; y++)
        {
            decoded.Frame.Row(y)[..crop.Stride].CopyTo(crop.Row(y));
        }
        return ImageCodec.Encode(crop, EncodeSettings.Jpeg(90));
    }

    /// <summary>The same picture as PNG and as WebP q90, for the rows that compare the formats.</summary>
    public static (byte[] Png, byte[] WebP) AsPngAndWebP(byte[] image)
    {
        using var decoded = ImageCodec.Decode(image);
        return (ImageCodec.Encode(decoded.Frame, EncodeSettings.Png()), ImageCodec.Encode(decoded.Frame, EncodeSettings.WebP(90)));
    }
}
