using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// What the image pipeline benches sign and verify with: the repository's example key set (signer chain and key,
/// watermark key, trust anchors) and one fixed Sign request, so that their figures are comparable.
/// </summary>
internal static class ExampleKeys
{
    /// <summary>The request every image bench signs: a fixed watermark ID, no label.</summary>
    public static SignInput Input { get; } = new(new ContentGenerator("Benchmark Generator", "Example AI Labs", "EXAMPLE-001"), "example-diffusion", "2.1", null,
        0x0123456789ABCDEF, null);

    public static C2paSigningCredential Credential() => C2paSigningCredential.FromPemFiles(
        Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.SignerChainFile), Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.SignerKeyFile));

    public static WatermarkOptions WatermarkOptions() =>
        new() { KeyHex = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.WatermarkKeyFile)).Trim() };

    public static C2paValidator Validator() =>
        new(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.TrustAnchorsFile)) });
}
