using BenchmarkDotNet.Attributes;
using Provenance.Core.Imaging;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// WebP decode and encode in process (libwebp through ImageCodec) beside dwebp and cwebp run as processes on
/// tmpfs files, with the same inputs and quality (-q 80, default method 4). Tool rows include process start-up
/// and file I/O; *Startup rows are the tools on a 16x16 image. ToolSelfTimings compares with the times the tools
/// report for the codec call alone (-v).
/// </summary>
[Config(typeof(ImagingBenchmarkConfig))]
public class WebPCodecBenchmarks
{
    private BenchmarkInputs _inputs = null!;
    private EncodeSettings _settings = null!;

    [Params("Aqua.jpg", "Dune.jpg", "baboon.jpg")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _inputs = BenchmarkInputs.For(Photo);
        _settings = EncodeSettings.WebP(BenchmarkInputs.WebPQuality);
    }

    [GlobalCleanup]
    public void Cleanup() => _inputs.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("decode")]
    public void Dwebp() => ToolRunner.Run("dwebp", "-quiet", "-ppm", _inputs.WebP, "-o", _inputs.Output("out.ppm"));

    [Benchmark, BenchmarkCategory("decode")]
    public int DecodeInProcess()
    {
        using var decoded = ImageCodec.Decode(_inputs.WebPBytes);
        return decoded.Frame.Width;
    }

    [Benchmark, BenchmarkCategory("decode")]
    public void DwebpStartup() => ToolRunner.Run("dwebp", "-quiet", "-ppm", _inputs.TinyWebP, "-o", _inputs.Output("tiny-out.ppm"));

    [Benchmark(Baseline = true), BenchmarkCategory("encode")]
    public void Cwebp() => ToolRunner.Run("cwebp", "-quiet", "-q", BenchmarkInputs.WebPQuality.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _inputs.Ppm, "-o", _inputs.Output("out.webp"));

    [Benchmark, BenchmarkCategory("encode")]
    public int EncodeInProcess() => ImageCodec.Encode(_inputs.Frame, _settings).Length;

    [Benchmark, BenchmarkCategory("encode")]
    public void CwebpStartup() => ToolRunner.Run("cwebp", "-quiet", "-q", "80", _inputs.TinyPpm, "-o", _inputs.Output("tiny-out.webp"));
}
