using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;
using Provenance.Core.Formats;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// What the C2PA tests share: the example signer (keys-example), validators trusting keys-example or the c2pa-rs
/// test anchors, a typical signing request, and certificate chains made on the spot for the trust cases.
/// </summary>
internal static class C2paTestKit
{
    public const ulong WatermarkId = 0x0123_4567_89AB_CDEF;

    public const string AigcJson =
        """{"AIGC":{"Label":"1","ContentProducer":"EXAMPLE-001","ProduceID":"0123456789abcdef","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}""";

    public static string KeysExample(string file) => Path.Combine(RepositoryPaths.KeysExample, file);

    public static string TrustAnchorsPem => File.ReadAllText(KeysExample("trust-anchors.pem"));

    public static string FixtureAnchorsPem => File.ReadAllText(Path.Combine(RepositoryPaths.C2paFixtures, "trust_anchors_all.pem"));

    public static C2paSigningCredential ExampleCredential() =>
        C2paSigningCredential.FromPemFiles(KeysExample("signer-chain.pem"), KeysExample("signer-key.pem"));

    public static C2paSigningRequest Request(ulong? watermarkId = WatermarkId, string? title = "test asset") => new()
    {
        Generator = new ContentGenerator("Example Generator", "Example AI Labs", "EXAMPLE-001"),
        ModelName = "example-diffusion",
        ModelVersion = "2.1",
        Title = title,
        WatermarkId = watermarkId,
        AigcLabelJson = AigcJson,
    };

    public static C2paValidator ExampleValidator(IReadOnlySet<string>? revoked = null) =>
        new(new C2paValidatorOptions { TrustAnchorsPem = TrustAnchorsPem, RevokedSignerThumbprints = revoked });

    public static C2paValidator FixtureValidator() => new(new C2paValidatorOptions { TrustAnchorsPem = FixtureAnchorsPem });

    public static C2paSignedAsset SignWithExample(byte[] asset, C2paSigningRequest? request = null)
    {
        using var credential = ExampleCredential();
        return new C2paManifestSigner(credential).Sign(asset, request ?? Request());
    }

    public static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, name));

    /// <summary>The byte range of the embedded store, from the project's handler.</summary>
    public static ByteRange StoreRange(byte[] asset) => AssetHandlers.Detect(asset).FindManifestStoreRange(asset)!.Value;

    /// <summary>
    /// A root CA (returned as PEM, for a trust list) and a claim signer under it, valid from
    /// <paramref name="signerFrom"/> to <paramref name="signerTo"/>, as a credential built without the validity check.
    /// </summary>
    public static (string RootPem, C2paSigningCredential Credential) MakeChain(string name, DateTimeOffset signerFrom, DateTimeOffset signerTo)
    {
        var (rootPem, chainPem, keyPem) = MakeChainPems(name, signerFrom, signerTo);
        return (rootPem, C2paSigningCredential.FromPem(chainPem, keyPem, algorithm: null, validAt: null));
    }

    /// <summary>As <see cref="MakeChain"/>, as PEM: the root, the chain (signer then root), the signer's PKCS#8 key.</summary>
    public static (string RootPem, string ChainPem, string KeyPem) MakeChainPems(string name, DateTimeOffset signerFrom, DateTimeOffset signerTo)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} Root, O={name}", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddYears(-5), now.AddYears(5));

        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signerRequest = new CertificateRequest($"CN={name} Signer, O={name}", signerKey, HashAlgorithmName.SHA256);
        signerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(C2paOids.ClaimSigning), new Oid(C2paOids.DocumentSigning), new Oid(C2paOids.EmailProtection) }, false));
        signerRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(signerRequest.PublicKey, false));
        signerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var signer = signerRequest.Create(root, signerFrom, signerTo, RandomNumberGenerator.GetBytes(12));
        return (root.ExportCertificatePem(), signer.ExportCertificatePem() + "\n" + root.ExportCertificatePem(), signerKey.ExportPkcs8PrivateKeyPem());
    }

    public static string Codes(ValidationStatusSet set) => string.Join(",", set.Failure.Select(s => s.Code));
}
