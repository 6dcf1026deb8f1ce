using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// A self-contained C2PA trust setup made with .NET's CertificateRequest: a root CA (the trust anchor), an
/// intermediate CA, and an ES256 claim-signing certificate whose profile every C2PA validator accepts (not a
/// CA, digitalSignature, EKUs claimSigning + documentSigning + emailProtection). The CA keys are used once and
/// discarded: only the signer's key survives, so the set can sign but cannot issue further certificates.
/// </summary>
public sealed class SigningKeySet : IDisposable
{
    private SigningKeySet(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 signer, ECDsa signerKey)
    {
        Root = root;
        Intermediate = intermediate;
        Signer = signer;
        SignerKey = signerKey;
    }

    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }
    /// <summary>The leaf certificate (public part only; the key is <see cref="SignerKey"/>).</summary>
    public X509Certificate2 Signer { get; }
    public ECDsa SignerKey { get; }

    /// <summary>Creates a fresh set. <paramref name="organisation"/> goes into every subject's O attribute.</summary>
    public static SigningKeySet Create(string organisation, DateTimeOffset now, TimeSpan signerLifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organisation);
        var notBefore = now.AddMinutes(-5);
        var caLifetime = signerLifetime * 4;

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest(Subject("Root CA", organisation), rootKey, HashAlgorithmName.SHA384);
        AddCaExtensions(rootRequest, pathLength: 1);
        using var rootWithKey = rootRequest.CreateSelfSigned(notBefore, now + caLifetime);

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest(Subject("Intermediate CA", organisation), intermediateKey, HashAlgorithmName.SHA384);
        AddCaExtensions(intermediateRequest, pathLength: 0);
        intermediateRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(rootWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var intermediate = intermediateRequest.Create(rootWithKey, notBefore, now + caLifetime / 2, NewSerial());
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);

        var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signerRequest = new CertificateRequest(Subject("Claim Signer", organisation), signerKey, HashAlgorithmName.SHA256);
        signerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection
            {
                new Oid(C2paOids.ClaimSigning),
                new Oid(C2paOids.DocumentSigning),
                new Oid(C2paOids.EmailProtection),
            },
            critical: false));
        signerRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(signerRequest.PublicKey, false));
        signerRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var signer = signerRequest.Create(intermediateWithKey, notBefore, now + signerLifetime, NewSerial());

        return new SigningKeySet(
            X509CertificateLoader.LoadCertificate(rootWithKey.RawData),
            X509CertificateLoader.LoadCertificate(intermediate.RawData),
            signer,
            signerKey);
    }

    /// <summary>The chain a COSE x5chain carries: leaf first, then the intermediate; never the root.</summary>
    public string SignerChainPem() => Signer.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n";

    /// <summary>The signer's key as PKCS#8 PEM ("PRIVATE KEY").</summary>
    public string SignerKeyPem() => SignerKey.ExportPkcs8PrivateKeyPem() + "\n";

    public string TrustAnchorsPem() => Root.ExportCertificatePem() + "\n";

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Signer.Dispose();
        SignerKey.Dispose();
    }

    private static X500DistinguishedName Subject(string role, string organisation)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName($"{organisation} {role}");
        builder.AddOrganizationName(organisation);
        return builder.Build();
    }

    private static void AddCaExtensions(CertificateRequest request, int pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        return serial;
    }
}
