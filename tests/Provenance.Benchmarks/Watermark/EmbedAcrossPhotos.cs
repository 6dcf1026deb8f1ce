using System.Diagnostics;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Benchmarks.Watermark;

/// <summary>
/// The embed and detection targets depend on the picture (the embed costs about the same on any image of a size,
/// the JPEG round trip depends on the content), so this measures them on the 1024 x 1024 centre (JPEG q90) of every
/// corpus photo that large: JPEG decode+encode, embed (net of the copy that restores the frame) and detection of
/// the marked frame, each the median of 20 calls after 3 warm-ups, one photo after the other in the same process.
/// Run with DOTNET_TieredCompilation=0 so that no call is measured before it is optimised:
///   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/Provenance.Benchmarks -- embed-across-photos
/// </summary>
internal static class EmbedAcrossPhotos
{
    private const int Side = 1024;

    public static void Run()
    {
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
        Console.WriteLine("| photo | decode+encode | embed | ratio | detect marked | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var path in Directory.GetFiles(RepositoryPaths.Photos).Order(StringComparer.Ordinal))
        {
            var info = ImageCodec.ReadInfo(File.ReadAllBytes(path));
            if (Math.Min(info.Width, info.Height) < Side)
            {
                continue;
            }
            var jpeg = CentreAsJpeg(path);
            using var source = ImageCodec.Decode(jpeg);
            using var work = source.Frame.Clone();
            using var marked = source.Frame.Clone();
            watermarker.Embed(marked, 42);
            double roundTrip = Median(() =>
            {
                using var decoded = ImageCodec.Decode(jpeg);
                ImageCodec.Encode(decoded.Frame, decoded.Info.SourceSettings);
            });
            double embedWithCopy = Median(() =>
            {
                source.Frame.Pixels.CopyTo(work.Pixels);
                watermarker.Embed(work, 42);
            });
            double embed = embedWithCopy - Median(() => source.Frame.Pixels.CopyTo(work.Pixels));
            double detect = Median(() => watermarker.Detect(marked));
            Console.WriteLine($"| {Path.GetFileNameWithoutExtension(path)} | {roundTrip:F2} ms | {embed:F2} ms | {embed / roundTrip:F2} | " +
                $"{detect:F2} ms | {detect / roundTrip:F2} |");
        }
    }

    private static byte[] CentreAsJpeg(string path)
    {
        using var photo = ImageCodec.Decode(File.ReadAllBytes(path));
        var frame = photo.Frame;
        using var centre = Crop.Apply(frame, (frame.Width - Side) / 2, (frame.Height - Side) / 2, Side, Side);
        return ImageCodec.Encode(centre, EncodeSettings.Jpeg(90));
    }

    private static double Median(Action call)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }
        var times = new double[20];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[9] + times[10]) / 2;
    }
}
