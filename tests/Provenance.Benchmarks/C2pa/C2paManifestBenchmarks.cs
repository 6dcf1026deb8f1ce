using Provenance.Core.Cose;
using BenchmarkDotNet.Attributes;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Imaging;
using Provenance.Testing;

namespace Provenance.Benchmarks.C2pa;

/// <summary>
/// The C2PA work on a 1024x1024 JPEG (q90), next to decoding that JPEG in the same run (the baseline: the cheapest
/// pixel step of a sign or verify call). Signing is build + sign + embed, no pixels; validating is reading the store
/// and checking claim, signature, chain, assertions and the hard binding over the file.
/// Run: dotnet run -c Release --project tests/Provenance.Benchmarks -- --filter '*C2paManifestBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class C2paManifestBenchmarks
{
    private byte[] _jpeg = [];
    private byte[] _signed = [];
    private C2paSigningCredential _credential = null!;
    private C2paManifestSigner _signer = null!;
    private C2paValidator _validator = null!;
    private C2paSigningRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = BenchmarkPhotos.Jpeg1024();

        var keys = RepositoryPaths.KeysExample;
        _credential = C2paSigningCredential.FromPemFiles(Path.Combine(keys, "signer-chain.pem"), Path.Combine(keys, "signer-key.pem"));
        _signer = new C2paManifestSigner(_credential);
        _validator = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(Path.Combine(keys, "trust-anchors.pem")) });
        _request = new C2paSigningRequest
        {
            Generator = new ContentGenerator("Benchmark Generator", "Example AI Labs", "EXAMPLE-001"),
            ModelName = "example-diffusion",
            ModelVersion = "2.1",
            WatermarkId = 0x0123456789ABCDEF,
            AigcLabelJson = """{"AIGC":{"Label":"1","ContentProducer":"EXAMPLE-001","ProduceID":"0123456789abcdef","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}""",
        };
        _signed = _signer.Sign(_jpeg, _request).Bytes;
        if (_validator.Validate(_signed).State != ValidationState.Trusted)
        {
            throw new InvalidOperationException("the benchmark's signed file does not validate");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _credential.Dispose();

    [Benchmark(Baseline = true, Description = "JPEG decode 1024x1024")]
    public int DecodeJpeg()
    {
        using var image = ImageCodec.Decode(_jpeg);
        return image.Frame.Width;
    }

    [Benchmark(Description = "C2PA build+sign+embed")]
    public int SignManifest() => _signer.Sign(_jpeg, _request).Bytes.Length;

    [Benchmark(Description = "C2PA validate")]
    public ValidationState? ValidateManifest() => _validator.Validate(_signed).State;
}
