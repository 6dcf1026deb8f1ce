using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>The Sign and Verify pipelines on the example key set, shared by the pipeline tests.</summary>
public sealed class PipelineFixture : IDisposable
{
    public PipelineFixture()
    {
        var keys = RepositoryPaths.KeysExample;
        Credential = C2paSigningCredential.FromPemFiles(Path.Combine(keys, KeyDirectory.SignerChainFile), Path.Combine(keys, KeyDirectory.SignerKeyFile));
        var watermarkKey = File.ReadAllText(Path.Combine(keys, KeyDirectory.WatermarkKeyFile)).Trim();
        Watermarker = new Watermarker(new WatermarkOptions { KeyHex = watermarkKey });
        Signer = new ContentSigner(Credential, Watermarker, MediaLimits.Default);
        TrustAnchorsPem = File.ReadAllText(Path.Combine(keys, KeyDirectory.TrustAnchorsFile));
        Verifier = VerifierWith(new C2paValidatorOptions { TrustAnchorsPem = TrustAnchorsPem });
        // As the service builds them (ProvenanceCoreServices): the audio scheme keyed from the watermark key.
        AudioWatermark = AudioWatermarkScheme.FromWatermarkKey(Convert.FromHexString(watermarkKey), MediaLimits.Default.MaxVideoSeconds);
        SignerWithAudio = new ContentSigner(Credential, Watermarker, MediaLimits.Default, AudioWatermark);
        VerifierWithAudio = new ContentVerifier(new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = TrustAnchorsPem }),
            Watermarker, MediaLimits.Default, null, AudioWatermark);
    }

    public C2paSigningCredential Credential { get; }
    public Watermarker Watermarker { get; }
    public ContentSigner Signer { get; }
    public string TrustAnchorsPem { get; }
    public ContentVerifier Verifier { get; }

    /// <summary>The service's audio watermark, and Sign and Verify with it (the plain ones above have none).</summary>
    public AudioWatermarkScheme AudioWatermark { get; }
    public ContentSigner SignerWithAudio { get; }
    public ContentVerifier VerifierWithAudio { get; }

    public static ContentGenerator Generator { get; } = new("Example AI Labs Image Generator", "Example AI Labs", "EXAMPLEAILABS-GEN");

    public ContentVerifier VerifierWith(C2paValidatorOptions options) => new(new C2paValidator(options), Watermarker, MediaLimits.Default);

    public static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, name));

    public SignedContent Sign(byte[] media, ulong? watermarkId = null) =>
        Signer.Sign(media, new SignInput(Generator, "example-diffusion", "2.1", null, watermarkId ?? WatermarkIds.NewId(), null));

    public void Dispose() => Credential.Dispose();
}

/// <summary>Records kept in memory, as the service's store would keep them.</summary>
internal sealed class MemoryRecords : IProvenanceRecords
{
    private readonly List<StoredProvenance> _records = [];

    public void Add(SignedContent signed, string? revocation = null) => _records.Add(new StoredProvenance(
        signed.ManifestId, signed.WatermarkIdHex, signed.Fingerprint, signed.ManifestStore, revocation, DateTimeOffset.UtcNow, "test"));

    public Task<StoredProvenance?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.FirstOrDefault(r => r.WatermarkId == watermarkId));

    public Task<StoredProvenance?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.FirstOrDefault(r => r.ManifestId == manifestId));
}
