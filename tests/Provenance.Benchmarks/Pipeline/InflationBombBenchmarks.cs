using Provenance.Core.Cose;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Credentials;
using Provenance.Core.Formats.Png;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Png;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// The IDAT inflation bound (issue 20). "sign"/"verify": a 1000x1000 PNG whose IDAT (about 1 MB) inflates to
/// 1 GiB, through Sign and Verify with the bound (default limits) against the same pipelines with the slack set
/// so high that libpng inflates everything, as before the bound (the baseline). "valid": what the bound's extra
/// inflate pass costs on a valid 1024x1024 PNG, against decoding it.
/// Run: dotnet run -c Release --project tests/Provenance.Benchmarks -- --filter '*InflationBombBenchmarks*'
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[CategoriesColumn]
public class InflationBombBenchmarks
{
    private static readonly MediaLimits Unbounded = new() { InflateSlackBytes = int.MaxValue };

    private byte[] _bomb = [];
    private byte[] _png = [];
    private C2paSigningCredential _credential = null!;
    private ContentSigner _signer = null!, _unboundedSigner = null!;
    private ContentVerifier _verifier = null!, _unboundedVerifier = null!;
    private SignInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bomb = InflationBomb.Png(1000, 1000, 1024);
        using (var decoded = ImageCodec.Decode(BenchmarkPhotos.Jpeg1024()))
        {
            _png = ImageCodec.Encode(decoded.Frame, EncodeSettings.Png());
        }
        Console.WriteLine($"// bomb {_bomb.Length} bytes, valid PNG {_png.Length} bytes");

        _credential = ExampleKeys.Credential();
        var watermarker = new Watermarker(ExampleKeys.WatermarkOptions());
        var validator = ExampleKeys.Validator();
        _signer = new ContentSigner(_credential, watermarker, MediaLimits.Default);
        _unboundedSigner = new ContentSigner(_credential, watermarker, Unbounded);
        _verifier = new ContentVerifier(validator, watermarker, MediaLimits.Default);
        _unboundedVerifier = new ContentVerifier(validator, watermarker, Unbounded);
        _input = ExampleKeys.Input;
    }

    [GlobalCleanup]
    public void Cleanup() => _credential.Dispose();

    [Benchmark(Baseline = true, Description = "Sign bomb, unbounded inflate"), BenchmarkCategory("sign")]
    public string SignUnbounded() => Refusal(() => _unboundedSigner.Sign(_bomb, _input));

    [Benchmark(Description = "Sign bomb, bounded"), BenchmarkCategory("sign")]
    public string SignBounded() => Refusal(() => _signer.Sign(_bomb, _input));

    [Benchmark(Baseline = true, Description = "Verify bomb, unbounded inflate"), BenchmarkCategory("verify")]
    public string VerifyUnbounded() => Refusal(() => _unboundedVerifier.VerifyAsync(_bomb, null, false, null, default).GetAwaiter().GetResult());

    [Benchmark(Description = "Verify bomb, bounded"), BenchmarkCategory("verify")]
    public string VerifyBounded() => Refusal(() => _verifier.VerifyAsync(_bomb, null, false, null, default).GetAwaiter().GetResult());

    [Benchmark(Baseline = true, Description = "decode valid PNG 1024x1024"), BenchmarkCategory("valid")]
    public int DecodeValid()
    {
        using var decoded = ImageCodec.Decode(_png);
        return decoded.Frame.Width;
    }

    [Benchmark(Description = "IDAT bound pass alone"), BenchmarkCategory("valid")]
    public int BoundPassValid()
    {
        PngImageDataBound.Check(_png, PngLayout.Parse(_png), MediaLimits.Default);
        return _png.Length;
    }

    /// <summary>The outcome's kind: the bounded runs refuse, the unbounded ones refuse late or answer.</summary>
    private static string Refusal(Func<object> call)
    {
        try
        {
            return call().GetType().Name;
        }
        catch (InvalidMediaException e)
        {
            return e.Error.ToString();
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // The unbounded rows take seconds each: few iterations, one launch, in this process (a separate
            // build of the benchmark can exceed BenchmarkDotNet's build timeout on a loaded 2-core machine).
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(6).WithStrategy(RunStrategy.Monitoring)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}
