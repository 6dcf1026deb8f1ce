using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Crypto;
using Provenance.Core.Tests.C2pa;

namespace Provenance.Core.Tests.Crypto;

public class CertificateTrustTests
{
    [Fact]
    public void The_example_signer_chains_to_the_example_anchor_and_fits_the_profile()
    {
        var (leaf, intermediate) = ExampleChain();
        var anchors = TrustAnchorSet.FromPem(C2paTestKit.TrustAnchorsPem);

        var (verdict, _, path) = CertificateChainValidator.Validate(leaf, [intermediate], anchors, DateTimeOffset.UtcNow);

        Assert.Equal(ChainVerdict.Trusted, verdict);
        Assert.Equal(3, path.Count);
        Assert.Null(CertificateProfile.CheckSigner(leaf, CertificateProfile.DefaultClaimSigningEkus));
        Assert.Null(CertificateProfile.CheckAuthority(intermediate));
    }

    [Fact]
    public void Without_the_anchor_the_chain_is_untrusted_and_outside_its_dates_it_is_outside_validity()
    {
        var (leaf, intermediate) = ExampleChain();
        var anchors = TrustAnchorSet.FromPem(C2paTestKit.TrustAnchorsPem);

        Assert.Equal(ChainVerdict.Untrusted, CertificateChainValidator.Validate(leaf, [intermediate], TrustAnchorSet.Empty, DateTimeOffset.UtcNow).Verdict);
        Assert.Equal(ChainVerdict.OutsideValidity, CertificateChainValidator.Validate(leaf, [intermediate], anchors, leaf.NotAfter.AddDays(1)).Verdict);
    }

    [Fact]
    public void The_cache_reuses_a_verdict_only_inside_the_paths_validity_window()
    {
        var (leaf, intermediate) = ExampleChain();
        var anchors = TrustAnchorSet.FromPem(C2paTestKit.TrustAnchorsPem);
        var cache = new ChainVerdictCache();

        Assert.Equal(ChainVerdict.Trusted, cache.Validate(leaf, [intermediate], anchors, DateTimeOffset.UtcNow).Verdict);
        Assert.Equal(ChainVerdict.Trusted, cache.Validate(leaf, [intermediate], anchors, DateTimeOffset.UtcNow.AddMinutes(1)).Verdict);
        Assert.Equal(ChainVerdict.OutsideValidity, cache.Validate(leaf, [intermediate], anchors, leaf.NotAfter.AddDays(1)).Verdict);
    }

    [Fact]
    public void The_profile_refuses_ca_certificates_missing_or_any_ekus_and_weak_keys_as_signers()
    {
        var ekus = CertificateProfile.DefaultClaimSigningEkus;
        using var root = X509CertificateLoader.LoadCertificate(PemToDer(File.ReadAllText(C2paTestKit.KeysExample("root-ca.pem"))));

        Assert.Contains("CA", CertificateProfile.CheckSigner(root, ekus));
        Assert.Contains("no extended key usage", CertificateProfile.CheckSigner(Leaf(eku: null), ekus));
        Assert.Contains("anyExtendedKeyUsage", CertificateProfile.CheckSigner(Leaf(eku: [C2paOids.AnyExtendedKeyUsage, C2paOids.ClaimSigning]), ekus));
        Assert.Contains("time-stamping", CertificateProfile.CheckSigner(Leaf(eku: [C2paOids.TimeStamping]), ekus));
        Assert.Contains("none of the accepted", CertificateProfile.CheckSigner(Leaf(eku: ["1.3.6.1.5.5.7.3.1"]), ekus));
        Assert.Contains("2048", CertificateProfile.CheckSigner(Leaf(eku: [C2paOids.ClaimSigning], rsaBits: 1024), ekus));
        Assert.Null(CertificateProfile.CheckSigner(Leaf(eku: [C2paOids.ClaimSigning]), ekus));
    }

    /// <summary>
    /// A root's signature over itself is never relied upon, so a self-signed SHA-1 root in the chain (Amazon Titan's
    /// images carry DigiCert's) is not a profile failure; a SHA-1 signature on a CA below the root still is.
    /// </summary>
    [Fact]
    public void Only_the_signatures_that_are_relied_upon_must_use_an_allowed_algorithm()
    {
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Old Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var sha1 = new Sha1RsaSignatureGenerator(rootKey);
        var (from, to) = (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var root = rootRequest.Create(rootRequest.SubjectName, sha1, from, to, [1]);

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Old Intermediate", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediate = caRequest.Create(root.SubjectName, sha1, from, to, [2]);

        Assert.Equal("1.2.840.113549.1.1.5", root.SignatureAlgorithm.Value);
        Assert.Null(CertificateProfile.CheckAuthority(root));
        Assert.Equal("1.2.840.113549.1.1.5", intermediate.SignatureAlgorithm.Value);
        Assert.Contains("which C2PA does not allow", CertificateProfile.CheckAuthority(intermediate));
    }

    private static (X509Certificate2 Leaf, X509Certificate2 Intermediate) ExampleChain()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(File.ReadAllText(C2paTestKit.KeysExample("signer-chain.pem")));
        return (chain[0], chain[1]);
    }

    /// <summary>A leaf with digitalSignature, an AKI, and the given EKUs (none: no EKU extension).</summary>
    private static X509Certificate2 Leaf(string[]? eku, int rsaBits = 0)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using AsymmetricAlgorithm key = rsaBits > 0 ? RSA.Create(rsaBits) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest("CN=leaf", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=leaf", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (eku is not null)
        {
            var oids = new OidCollection();
            foreach (var oid in eku)
            {
                oids.Add(new Oid(oid));
            }
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(new byte[20]));
        var now = DateTimeOffset.UtcNow;
        return request.Create(new X500DistinguishedName("CN=issuer"), X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddDays(-1), now.AddDays(1), [7]);
    }

    private static byte[] PemToDer(string pem) => Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);

    /// <summary>sha1WithRSAEncryption, which .NET's own generator no longer offers.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => new(key);
    }
}
