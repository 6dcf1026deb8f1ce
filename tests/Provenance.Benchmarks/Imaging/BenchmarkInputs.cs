using Provenance.Core.Imaging;
using Provenance.Testing;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// Inputs for one photo, prepared once per benchmark process in /dev/shm (tmpfs, so the tools' file I/O is
/// memory I/O): the JPEG, its pixels as PPM (djpeg), a WebP made by cwebp -q 80, the same in memory for the
/// in-process side, and a 16x16 image of each kind for measuring the tools' process start-up alone.
/// </summary>
internal sealed class BenchmarkInputs : IDisposable
{
    public const int WebPQuality = 80;

    private BenchmarkInputs(string photo)
    {
        Directory = Path.Combine(File.Exists("/dev/shm") || System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
            $"provenance-bench-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(photo)}");
        System.IO.Directory.CreateDirectory(Directory);
        Jpeg = Path.Combine(Directory, "in.jpg");
        File.Copy(Path.Combine(RepositoryPaths.Photos, photo), Jpeg, overwrite: true);
        Ppm = Path.Combine(Directory, "in.ppm");
        ToolRunner.Run("djpeg", "-outfile", Ppm, Jpeg);
        WebP = Path.Combine(Directory, "in.webp");
        ToolRunner.Run("cwebp", "-quiet", "-q", WebPQuality.ToString(System.Globalization.CultureInfo.InvariantCulture), Ppm, "-o", WebP);
        Png = Path.Combine(Directory, "in.png");

        JpegBytes = File.ReadAllBytes(Jpeg);
        WebPBytes = File.ReadAllBytes(WebP);
        using var decoded = ImageCodec.Decode(JpegBytes);
        JpegSettings = decoded.Info.SourceSettings;
        Frame = decoded.Frame.Clone();
        PngBytes = ImageCodec.Encode(Frame, EncodeSettings.Png());
        File.WriteAllBytes(Png, PngBytes);

        TinyJpeg = Path.Combine(Directory, "tiny.jpg");
        TinyPpm = Path.Combine(Directory, "tiny.ppm");
        TinyWebP = Path.Combine(Directory, "tiny.webp");
        using (var tiny = ImageFrame.Allocate(16, 16, PixelFormat.Rgb24))
        {
            tiny.Pixels.Fill(128);
            File.WriteAllBytes(TinyJpeg, ImageCodec.Encode(tiny, EncodeSettings.Jpeg(90)));
            File.WriteAllBytes(TinyWebP, ImageCodec.Encode(tiny, EncodeSettings.WebP(WebPQuality)));
        }
        ToolRunner.Run("djpeg", "-outfile", TinyPpm, TinyJpeg);
    }

    public string Directory { get; }
    public string Jpeg { get; }
    public string Ppm { get; }
    public string WebP { get; }
    public string Png { get; }
    public string TinyJpeg { get; }
    public string TinyPpm { get; }
    public string TinyWebP { get; }
    public byte[] JpegBytes { get; }
    public byte[] WebPBytes { get; }
    public byte[] PngBytes { get; }
    public EncodeSettings JpegSettings { get; }
    public ImageFrame Frame { get; }

    public string Output(string name) => Path.Combine(Directory, name);

    /// <summary>cjpeg's -sample argument for the source's subsampling, so both sides do the same work.</summary>
    public string CjpegSample => JpegSettings.Subsampling switch
    {
        ChromaSubsampling.Yuv444 => "1x1",
        ChromaSubsampling.Yuv422 => "2x1",
        ChromaSubsampling.Yuv440 => "1x2",
        ChromaSubsampling.Yuv411 => "4x1",
        _ => "2x2",
    };

    public static BenchmarkInputs For(string photo) => new(photo);

    public void Dispose()
    {
        Frame.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
