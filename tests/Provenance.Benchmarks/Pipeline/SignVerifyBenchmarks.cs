using Provenance.Core.Cose;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// The whole Sign and Verify pipelines on a 1024x1024 JPEG (q90), each next to its baseline measured in the same
/// run (issue 6): Sign against a JPEG decode+encode of that image (target: at most 2x), Verify against its decode
/// (target: at most 1.5x). The pipelines keep a JPEG in its Y/Cb/Cr planes; the baselines are ImageCodec's usual
/// RGB decode and encode, what any other work on the image's pixels would pay. Verify is measured as the service
/// runs it on a signed upload (hard binding holds, so no detection) and, for information, with blind detection:
/// the CLI's offline path, a stripped upload (the mark is found at the first hypothesis) and an unsigned, unmarked
/// upload (the presence gate answers "missing" without the full search; issue 5's follow-up asks for at most 3x the
/// decode). The same unmarked upload is also verified with the gate off (every hypothesis is tried before
/// "missing", as before the gate), and as PNG and WebP against their own decodes, as are a signed PNG and WebP
/// re-encoded without their manifest (the stripped case for those formats). Sign is also measured on the same
/// picture as a PNG and as a WebP (q90), each against its own format's decode+encode (issue 16: Sign at most 1.5x).
/// Run: dotnet run -c Release --project tests/Provenance.Benchmarks -- --filter '*SignVerifyBenchmarks*'
/// (only Sign: add --anyCategories sign sign-png sign-webp)
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SignVerifyBenchmarks
{
    private byte[] _jpeg = [];
    private byte[] _signed = [];
    private byte[] _stripped = [];
    private byte[] _unsigned = [];
    private byte[] _unsignedPng = [];
    private byte[] _unsignedWebP = [];
    private byte[] _png = [];
    private byte[] _webP = [];
    private byte[] _strippedPng = [];
    private byte[] _strippedWebP = [];
    private ContentVerifier _ungatedVerifier = null!;
    private C2paSigningCredential _credential = null!;
    private ContentSigner _signer = null!;
    private ContentVerifier _verifier = null!;
    private SignInput _input = null!;
    private SignInput _labelledInput = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = BenchmarkPhotos.Jpeg1024();

        _credential = ExampleKeys.Credential();
        var watermarkOptions = ExampleKeys.WatermarkOptions();
        var watermarker = new Watermarker(watermarkOptions);
        _signer = new ContentSigner(_credential, watermarker, MediaLimits.Default);
        _verifier = new ContentVerifier(ExampleKeys.Validator(), watermarker, MediaLimits.Default);
        _input = ExampleKeys.Input;
        _labelledInput = _input with { ExplicitLabel = new ExplicitLabel() };

        _signed = _signer.Sign(_jpeg, _input).Bytes;
        (_png, _webP) = BenchmarkPhotos.AsPngAndWebP(_jpeg);
        _unsigned = BenchmarkPhotos.Jpeg1024("Aqua.jpg");
        (_unsignedPng, _unsignedWebP) = BenchmarkPhotos.AsPngAndWebP(_unsigned);
        var ungated = new Watermarker(watermarkOptions, WatermarkTuning.Default with { PresenceThreshold = 0 });
        _ungatedVerifier = new ContentVerifier(ExampleKeys.Validator(), ungated, MediaLimits.Default);
        _stripped = StrippedUploads.Strip(_signed);
        _strippedPng = StrippedUploads.Strip(_signer.Sign(_png, _input).Bytes);
        _strippedWebP = StrippedUploads.Strip(_signer.Sign(_webP, _input).Bytes);
        if (Verify(_signed, detectWhenBound: false).Decision.Verdict != Verdict.Verified ||
            Verify(_strippedPng, detectWhenBound: true).WatermarkId != "0123456789abcdef" ||
            Verify(_strippedWebP, detectWhenBound: true).WatermarkId != "0123456789abcdef" ||
            Verify(_stripped, detectWhenBound: true).WatermarkId != "0123456789abcdef" ||
            Verify(_unsigned, detectWhenBound: true).Decision.Verdict != Verdict.Missing ||
            Verify(_unsignedPng, detectWhenBound: true).Decision.Verdict != Verdict.Missing ||
            Verify(_unsignedWebP, detectWhenBound: true).Decision.Verdict != Verdict.Missing ||
            VerifyWith(_ungatedVerifier, _unsigned).Decision.Verdict != Verdict.Missing)
        {
            throw new InvalidOperationException("the benchmark's inputs do not verify as expected");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _credential.Dispose();

    [Benchmark(Baseline = true, Description = "JPEG decode+encode 1024x1024")]
    [BenchmarkCategory("sign")]
    public int DecodeEncode()
    {
        using var image = ImageCodec.Decode(_jpeg);
        return ImageCodec.Encode(image.Frame, image.Info.SourceSettings).Length;
    }

    [Benchmark(Description = "Sign pipeline")]
    [BenchmarkCategory("sign")]
    public int Sign() => _signer.Sign(_jpeg, _input).Bytes.Length;

    /// <summary>Sign drawing the visible label too (issue 19): the shaping, drawing and plate write on top of Sign.</summary>
    [Benchmark(Description = "Sign pipeline, explicit label")]
    [BenchmarkCategory("sign")]
    public int SignLabelled() => _signer.Sign(_jpeg, _labelledInput).Bytes.Length;

    [Benchmark(Baseline = true, Description = "PNG decode+encode 1024x1024")]
    [BenchmarkCategory("sign-png")]
    public int DecodeEncodePng()
    {
        using var image = ImageCodec.Decode(_png);
        return ImageCodec.Encode(image.Frame, image.Info.SourceSettings).Length;
    }

    [Benchmark(Description = "Sign pipeline, PNG")]
    [BenchmarkCategory("sign-png")]
    public int SignPng() => _signer.Sign(_png, _input).Bytes.Length;

    [Benchmark(Baseline = true, Description = "WebP decode+encode 1024x1024")]
    [BenchmarkCategory("sign-webp")]
    public int DecodeEncodeWebP()
    {
        using var image = ImageCodec.Decode(_webP);
        return ImageCodec.Encode(image.Frame, image.Info.SourceSettings).Length;
    }

    [Benchmark(Description = "Sign pipeline, WebP")]
    [BenchmarkCategory("sign-webp")]
    public int SignWebP() => _signer.Sign(_webP, _input).Bytes.Length;

    [Benchmark(Baseline = true, Description = "JPEG decode 1024x1024")]
    [BenchmarkCategory("verify")]
    public int Decode()
    {
        using var image = ImageCodec.Decode(_signed);
        return image.Frame.Width;
    }

    [Benchmark(Description = "Verify signed (service)")]
    [BenchmarkCategory("verify")]
    public Verdict VerifySigned() => Verify(_signed, detectWhenBound: false).Decision.Verdict;

    [Benchmark(Description = "Verify signed with detection (CLI)")]
    [BenchmarkCategory("verify")]
    public Verdict VerifySignedDetecting() => Verify(_signed, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Description = "Verify stripped (detection)")]
    [BenchmarkCategory("verify")]
    public Verdict VerifyStripped() => Verify(_stripped, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Description = "Verify unsigned, unmarked (detection)")]
    [BenchmarkCategory("verify")]
    public Verdict VerifyUnsigned() => Verify(_unsigned, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Description = "Verify unsigned, unmarked, presence gate off")]
    [BenchmarkCategory("verify")]
    public Verdict VerifyUnsignedUngated() => VerifyWith(_ungatedVerifier, _unsigned).Decision.Verdict;

    [Benchmark(Baseline = true, Description = "PNG decode 1024x1024")]
    [BenchmarkCategory("verify-png")]
    public int DecodePng()
    {
        using var image = ImageCodec.Decode(_unsignedPng);
        return image.Frame.Width;
    }

    [Benchmark(Description = "Verify unsigned, unmarked PNG (detection)")]
    [BenchmarkCategory("verify-png")]
    public Verdict VerifyUnsignedPng() => Verify(_unsignedPng, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Baseline = true, Description = "WebP decode 1024x1024")]
    [BenchmarkCategory("verify-webp")]
    public int DecodeWebP()
    {
        using var image = ImageCodec.Decode(_unsignedWebP);
        return image.Frame.Width;
    }

    [Benchmark(Description = "Verify unsigned, unmarked WebP (detection)")]
    [BenchmarkCategory("verify-webp")]
    public Verdict VerifyUnsignedWebP() => Verify(_unsignedWebP, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Baseline = true, Description = "PNG decode 1024x1024 (the stripped upload)")]
    [BenchmarkCategory("verify-png-stripped")]
    public int DecodeStrippedPng()
    {
        using var image = ImageCodec.Decode(_strippedPng);
        return image.Frame.Width;
    }

    [Benchmark(Description = "Verify signed PNG re-encoded without its manifest (detection)")]
    [BenchmarkCategory("verify-png-stripped")]
    public Verdict VerifyStrippedPng() => Verify(_strippedPng, detectWhenBound: true).Decision.Verdict;

    [Benchmark(Baseline = true, Description = "WebP decode 1024x1024 (the stripped upload)")]
    [BenchmarkCategory("verify-webp-stripped")]
    public int DecodeStrippedWebP()
    {
        using var image = ImageCodec.Decode(_strippedWebP);
        return image.Frame.Width;
    }

    [Benchmark(Description = "Verify signed WebP re-encoded at q85 without its manifest (detection)")]
    [BenchmarkCategory("verify-webp-stripped")]
    public Verdict VerifyStrippedWebP() => Verify(_strippedWebP, detectWhenBound: true).Decision.Verdict;

    private VerificationOutcome Verify(byte[] media, bool detectWhenBound) =>
        _verifier.VerifyAsync(media, null, false, null, default, detectWhenBound).GetAwaiter().GetResult();

    private static VerificationOutcome VerifyWith(ContentVerifier verifier, byte[] media) =>
        verifier.VerifyAsync(media, null, false, null, default, true).GetAwaiter().GetResult();
}
