using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Crypto;

namespace Provenance.Core.Cose;

/// <summary>
/// The claim signer: a certificate chain (leaf first, intermediates after, no root) and the leaf's private key.
/// Everything is checked once, here: the key matches the leaf, the algorithm suits the key, the leaf follows the
/// C2PA certificate profile and is valid now. Signing is serialized internally, so one instance can be shared.
/// </summary>
public sealed class C2paSigningCredential : IDisposable
{

    private readonly AsymmetricAlgorithm _key;
    private readonly Lock _signing = new();

    private C2paSigningCredential(IReadOnlyList<X509Certificate2> chain, AsymmetricAlgorithm key, CoseAlgorithm algorithm)
    {
        Chain = chain;
        _key = key;
        Algorithm = algorithm;
        SignatureLength = key switch
        {
            ECDsa ec => 2 * ((ec.KeySize + 7) / 8),
            RSA rsa => (rsa.KeySize + 7) / 8,
            _ => throw new ArgumentException("unsupported key"),
        };
    }

    /// <summary>The signature algorithm written into the COSE protected header.</summary>
    public CoseAlgorithm Algorithm { get; }

    /// <summary>The claim-signing (leaf) certificate.</summary>
    public X509Certificate2 Certificate => Chain[0];

    /// <summary>The chain carried in x5chain: leaf first, then intermediates; never the root.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The length in bytes of every signature this credential makes (fixed for ECDSA, RSA-PSS).</summary>
    internal int SignatureLength { get; }

    /// <summary>
    /// Loads a credential from a PEM certificate chain (leaf first) and a PEM private key (PKCS#8 "PRIVATE KEY",
    /// or "EC PRIVATE KEY" / "RSA PRIVATE KEY"). The algorithm defaults to ES256/ES384/ES512 by curve, PS256 for RSA.
    /// </summary>
    public static C2paSigningCredential FromPem(string certificateChainPem, string privateKeyPem, CoseAlgorithm? algorithm = null) =>
        FromPem(certificateChainPem, privateKeyPem, algorithm, DateTimeOffset.UtcNow);

    public static C2paSigningCredential FromPemFiles(string certificateChainPath, string privateKeyPath, CoseAlgorithm? algorithm = null) =>
        FromPem(File.ReadAllText(certificateChainPath), File.ReadAllText(privateKeyPath), algorithm);

    /// <summary>
    /// As <see cref="FromPem(string,string,CoseAlgorithm?)"/>; <paramref name="validAt"/> null skips the validity-period
    /// check, which only tests use (to produce manifests signed by an expired certificate).
    /// </summary>
    internal static C2paSigningCredential FromPem(string certificateChainPem, string privateKeyPem, CoseAlgorithm? algorithm, DateTimeOffset? validAt)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(certificateChainPem);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("the certificate chain PEM holds no certificate", nameof(certificateChainPem));
        }
        var chain = certificates.Cast<X509Certificate2>().ToList();
        // The root is not sent (spec "X.509 Certificates"): validators hold it. Drop a trailing self-signed CA.
        while (chain.Count > 1 && CertificateProfile.IsSelfIssued(chain[^1]))
        {
            chain.RemoveAt(chain.Count - 1);
        }
        var key = LoadPrivateKey(privateKeyPem);
        try
        {
            return Create(chain, key, algorithm, validAt);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static C2paSigningCredential Create(IReadOnlyList<X509Certificate2> chain, AsymmetricAlgorithm key, CoseAlgorithm? requested, DateTimeOffset? validAt)
    {
        var algorithm = requested ?? key switch
        {
            ECDsa { KeySize: 384 } => CoseAlgorithm.ES384,
            ECDsa { KeySize: 521 } => CoseAlgorithm.ES512,
            ECDsa => CoseAlgorithm.ES256,
            _ => CoseAlgorithm.PS256,
        };
        if (algorithm == CoseAlgorithm.Ed25519)
        {
            throw new ArgumentException("signing with Ed25519 is not supported; use ES256, ES384, ES512 or PS256-512", nameof(requested));
        }
        var leaf = chain[0];
        if (CoseSignatureVerifier.KeyMismatch(algorithm, leaf) is { } mismatch)
        {
            throw new ArgumentException($"the signing certificate does not suit {algorithm}: {mismatch}");
        }
        if (CertificateProfile.CheckSigner(leaf, CertificateProfile.DefaultClaimSigningEkus) is { } profile)
        {
            throw new ArgumentException("the signing certificate does not follow the C2PA certificate profile: " + profile);
        }
        foreach (var authority in chain.Skip(1))
        {
            if (CertificateProfile.CheckAuthority(authority) is { } problem)
            {
                throw new ArgumentException("the certificate chain does not follow the C2PA certificate profile: " + problem);
            }
        }
        if (validAt is { } now && chain.Any(c => now < c.NotBefore.ToUniversalTime() || now > c.NotAfter.ToUniversalTime()))
        {
            throw new ArgumentException($"a certificate of the signing chain is not valid at {now:O}");
        }
        var credential = new C2paSigningCredential(chain, key, algorithm);
        // The key must be the leaf's: a probe signature has to verify with the certificate.
        byte[] probe = "c2pa key check"u8.ToArray();
        if (!CoseSignatureVerifier.Verify(algorithm, leaf, probe, credential.Sign(probe)))
        {
            throw new ArgumentException("the private key does not belong to the signing certificate");
        }
        return credential;
    }

    internal byte[] Sign(ReadOnlySpan<byte> toBeSigned)
    {
        var hash = CoseAlgorithms.HashOf(Algorithm);
        lock (_signing)
        {
            return _key switch
            {
                ECDsa ec => ec.SignData(toBeSigned, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                RSA rsa => rsa.SignData(toBeSigned.ToArray(), hash, RSASignaturePadding.Pss),
                _ => throw new InvalidOperationException("unsupported key"),
            };
        }
    }

    private static AsymmetricAlgorithm LoadPrivateKey(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new ArgumentException("the private key is not PEM", nameof(pem));
        }
        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            switch (label)
            {
                case "EC PRIVATE KEY":
                    {
                        var ec = ECDsa.Create();
                        ec.ImportECPrivateKey(der, out _);
                        return ec;
                    }
                case "RSA PRIVATE KEY":
                    {
                        var rsa = RSA.Create();
                        rsa.ImportRSAPrivateKey(der, out _);
                        return rsa;
                    }
                case "PRIVATE KEY":
                    var info = Pkcs8PrivateKeyInfo.Decode(der, out _, skipCopy: true);
                    switch (info.AlgorithmId.Value)
                    {
                        case PublicKeys.EcPublicKeyOid:
                            {
                                var ec = ECDsa.Create();
                                ec.ImportPkcs8PrivateKey(der, out _);
                                return ec;
                            }
                        case PublicKeys.RsaEncryptionOid:
                            {
                                var rsa = RSA.Create();
                                rsa.ImportPkcs8PrivateKey(der, out _);
                                return rsa;
                            }
                        case PublicKeys.RsaPssOid:
                            {
                                // An RSA key restricted to PSS: the same RSAPrivateKey inside a different algorithm ID.
                                var rsa = RSA.Create();
                                rsa.ImportRSAPrivateKey(info.PrivateKeyBytes.Span, out _);
                                return rsa;
                            }
                        default:
                            throw new ArgumentException($"private keys of type {info.AlgorithmId.Value} are not supported for signing (EC and RSA are)");
                    }
                default:
                    throw new ArgumentException($"unsupported PEM label '{label}' (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY expected)");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
