using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Provenance.Core.Imaging;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// The codec work alone, without process start-up or file I/O, beside what the reference tools report for the
/// same work: tjbench (libjpeg-turbo's in-process benchmark of the TurboJPEG calls, RGB output, accurate DCT) for
/// JPEG, and the times dwebp -v / cwebp -v print around their WebPDecode / WebPEncode call for WebP. Rounds
/// alternate between the tool and ImageCodec and medians of the rounds are reported. For JPEG each round follows
/// tjbench's own protocol on both sides (0.5 s warm-up, then the mean over 1 s of back-to-back calls); for WebP
/// each round is one call on both sides. Run with:
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- tool-timings [rounds]
/// </summary>
internal static partial class ToolSelfTimings
{
    private static readonly string[] Photos = ["Aqua.jpg", "Dune.jpg", "baboon.jpg"];

    public static void Run(int rounds)
    {
        Console.WriteLine($"rounds: {rounds}; medians in ms; ratio = ImageCodec / tool");
        Console.WriteLine("| photo | size | operation | tool | tool ms | ImageCodec ms | ratio |");
        Console.WriteLine("|---|---|---|---|---:|---:|---:|");
        foreach (var photo in Photos)
        {
            using var inputs = BenchmarkInputs.For(photo);
            double megapixels = inputs.Frame.Width * (double)inputs.Frame.Height / 1e6;
            string size = $"{inputs.Frame.Width}x{inputs.Frame.Height}";
            var webp = EncodeSettings.WebP(BenchmarkInputs.WebPQuality);
            string quality = inputs.JpegSettings.Quality.ToString(CultureInfo.InvariantCulture);
            string subsampling = inputs.CjpegSample switch { "1x1" => "444", "2x1" => "422", "1x2" => "440", "4x1" => "411", _ => "420" };

            Report(photo, size, $"JPEG decode ({inputs.JpegSettings})", "tjbench", rounds,
                () => megapixels / Throughput(ToolRunner.Run("tjbench", inputs.Jpeg, "-rgb", "-benchtime", "1", "-warmup", "0.5", "-quiet"), decode: true) * 1000,
                () => MeanOverLoop(() => { using var d = ImageCodec.Decode(inputs.JpegBytes); }));
            Report(photo, size, $"JPEG encode q{quality} {subsampling}", "tjbench", rounds,
                () => megapixels / Throughput(ToolRunner.Run("tjbench", inputs.Ppm, quality, "-rgb", "-subsamp", subsampling, "-benchtime", "1", "-warmup", "0.5", "-quiet"), decode: false) * 1000,
                () => MeanOverLoop(() => ImageCodec.Encode(inputs.Frame, inputs.JpegSettings)));
            Report(photo, size, "WebP decode (q80 lossy)", "dwebp -v", rounds,
                () => Seconds(ToolRunner.Run("dwebp", "-v", "-ppm", inputs.WebP, "-o", inputs.Output("out.ppm")), "decode") * 1000,
                () => Time(() => { using var d = ImageCodec.Decode(inputs.WebPBytes); }));
            Report(photo, size, "WebP encode q80", "cwebp -v", rounds,
                () => Seconds(ToolRunner.Run("cwebp", "-v", "-q", "80", inputs.Ppm, "-o", inputs.Output("out.webp")), "encode") * 1000,
                () => Time(() => ImageCodec.Encode(inputs.Frame, webp)));
        }
    }

    private static void Report(string photo, string size, string operation, string tool, int rounds, Func<double> toolMs, Func<double> oursMs)
    {
        // One unmeasured round each to load libraries and warm caches.
        toolMs();
        oursMs();
        var toolTimes = new List<double>();
        var ourTimes = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            toolTimes.Add(toolMs());
            ourTimes.Add(oursMs());
        }
        double t = Median(toolTimes), o = Median(ourTimes);
        Console.WriteLine(FormattableString.Invariant($"| {photo} | {size} | {operation} | {tool} | {t:F2} | {o:F2} | {o / t:F2} |"));
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>tjbench's protocol: warm up for 0.5 s, then the mean time per call over 1 s of calls.</summary>
    private static double MeanOverLoop(Action action)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 0.5)
        {
            action();
        }
        int calls = 0;
        watch.Restart();
        while (watch.Elapsed.TotalSeconds < 1)
        {
            action();
            calls++;
        }
        return watch.Elapsed.TotalMilliseconds / calls;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>tjbench -quiet prints a row ending in "Comp Perf, Comp Ratio, Decomp Perf" (Mpixels/s; N/A when not run).</summary>
    private static double Throughput(string output, bool decode)
    {
        var row = output.Split('\n').Last(line => line.StartsWith("RGB", StringComparison.Ordinal));
        var fields = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(decode ? fields[^1] : fields[^3], CultureInfo.InvariantCulture);
    }

    /// <summary>The "Time to decode picture: 0.023s" / "Time to encode picture: ..." line of dwebp/cwebp -v.</summary>
    private static double Seconds(string output, string what)
    {
        var match = ToolTime().Match(output);
        while (match.Success && match.Groups["what"].Value != what)
        {
            match = match.NextMatch();
        }
        return match.Success ? double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("no timing in: " + output);
    }

    [GeneratedRegex(@"Time to (?<what>decode|encode) picture: (?<s>[0-9.]+)s")]
    private static partial Regex ToolTime();
}
