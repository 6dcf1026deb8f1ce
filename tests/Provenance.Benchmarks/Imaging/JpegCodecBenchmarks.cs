using BenchmarkDotNet.Attributes;
using Provenance.Core.Imaging;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// JPEG decode and encode in process (TurboJPEG through ImageCodec) beside libjpeg-turbo's djpeg and cjpeg run as
/// processes on tmpfs files. The tool rows include process start-up, reading the input file and writing the
/// output file (PPM or JPEG); the *Startup rows are the same tool on a 16x16 image, i.e. that fixed cost alone.
/// For the library's in-process cost without start-up, see ToolSelfTimings (tjbench).
/// </summary>
[Config(typeof(ImagingBenchmarkConfig))]
public class JpegCodecBenchmarks
{
    private BenchmarkInputs _inputs = null!;

    [Params("Aqua.jpg", "Dune.jpg", "baboon.jpg")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _inputs = BenchmarkInputs.For(Photo);

    [GlobalCleanup]
    public void Cleanup() => _inputs.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("decode")]
    public void Djpeg() => ToolRunner.Run("djpeg", "-outfile", _inputs.Output("out.ppm"), _inputs.Jpeg);

    [Benchmark, BenchmarkCategory("decode")]
    public int DecodeInProcess()
    {
        using var decoded = ImageCodec.Decode(_inputs.JpegBytes);
        return decoded.Frame.Width;
    }

    [Benchmark, BenchmarkCategory("decode")]
    public void DjpegStartup() => ToolRunner.Run("djpeg", "-outfile", _inputs.Output("tiny-out.ppm"), _inputs.TinyJpeg);

    [Benchmark(Baseline = true), BenchmarkCategory("encode")]
    public void Cjpeg() => ToolRunner.Run("cjpeg", "-quality", _inputs.JpegSettings.Quality.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-sample", _inputs.CjpegSample, "-outfile", _inputs.Output("out.jpg"), _inputs.Ppm);

    [Benchmark, BenchmarkCategory("encode")]
    public int EncodeInProcess() => ImageCodec.Encode(_inputs.Frame, _inputs.JpegSettings).Length;

    [Benchmark, BenchmarkCategory("encode")]
    public void CjpegStartup() => ToolRunner.Run("cjpeg", "-quality", "90", "-outfile", _inputs.Output("tiny-out.jpg"), _inputs.TinyPpm);
}
