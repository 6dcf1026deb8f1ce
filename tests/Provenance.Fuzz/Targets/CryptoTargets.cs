using System.Security.Cryptography;
using Provenance.Core.Crypto;

namespace Provenance.Fuzz.Targets;

/// <summary>
/// Our code over X.509 certificates (the untrusted load, profile checks, names) and RFC 3161 time-stamp tokens.
/// The DER itself is parsed by .NET (not instrumented); CryptographicException is the clean refusal.
/// </summary>
internal static class CryptoTargets
{
    private static readonly byte[] Imprint = "fuzz imprint"u8.ToArray();

    public static void X509(byte[] data) => Refusal.Allow<CryptographicException>(() =>
    {
        using var certificate = UntrustedCertificate.Load(data);
        CertificateProfile.CheckSigner(certificate, CertificateProfile.DefaultClaimSigningEkus);
        CertificateProfile.CheckAuthority(certificate);
        CertificateProfile.IsSelfIssued(certificate);
        CertificateNames.Organization(certificate.SubjectName);
        CertificateNames.Organization(certificate.IssuerName);
    });

    public static void TimeStamp(byte[] data)
    {
        // The first byte picks the form: a whole TimeStampResp (v1 sigTst) or a bare token (sigTst2).
        bool isResponse = data.Length > 0 && (data[0] & 1) == 1;
        TimeStampVerifier.Verify(data.AsMemory(data.Length > 0 ? 1 : 0), isResponse, Imprint, FuzzKeys.TrustAnchors);
    }
}
