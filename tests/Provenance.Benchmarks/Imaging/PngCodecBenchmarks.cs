using BenchmarkDotNet.Attributes;
using Provenance.Core.Imaging;

namespace Provenance.Benchmarks.Imaging;

/// <summary>
/// PNG: decode through libpng's simplified reader (what the service uses), and the choice of encoder: the managed
/// encoder (adaptive filters, zlib-ng level 6 via ZLibStream) against libpng's simplified writer (its default
/// filters and zlib). Output sizes are printed at setup. There is no command-line PNG tool in the baseline set.
/// </summary>
[Config(typeof(ImagingBenchmarkConfig))]
public class PngCodecBenchmarks
{
    private BenchmarkInputs _inputs = null!;

    [Params("Aqua.jpg", "Dune.jpg", "baboon.jpg")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _inputs = BenchmarkInputs.For(Photo);
        Console.WriteLine($"// {Photo}: managed PNG {ImageCodec.Encode(_inputs.Frame, EncodeSettings.Png()).Length} bytes, " +
            $"libpng simplified {LibPngSimplifiedWriter.Encode(_inputs.Frame).Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _inputs.Dispose();

    [Benchmark, BenchmarkCategory("decode")]
    public int DecodeInProcess()
    {
        using var decoded = ImageCodec.Decode(_inputs.PngBytes);
        return decoded.Frame.Width;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("encode")]
    public int EncodeLibPngSimplified() => LibPngSimplifiedWriter.Encode(_inputs.Frame).Length;

    [Benchmark, BenchmarkCategory("encode")]
    public int EncodeManaged() => ImageCodec.Encode(_inputs.Frame, EncodeSettings.Png()).Length;
}
