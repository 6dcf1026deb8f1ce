using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// The C2PA certificate profile (spec "Certificate Profiles"): what a claim-signing certificate and the CA
/// certificates above it must look like. Each check returns null when the certificate conforms, otherwise a short
/// reason that becomes the explanation of a <c>signingCredential.invalid</c> status.
/// </summary>
internal static class CertificateProfile
{
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";
    private const string ExtendedKeyUsageOid = "2.5.29.37";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";

    private static readonly HashSet<string> AllowedSignatureAlgorithms =
    [
        "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
        "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
        "1.2.840.10045.4.3.4", // ecdsa-with-SHA512
        "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
        "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
        "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
        "1.2.840.113549.1.1.10", // id-RSASSA-PSS
        "1.3.101.112", // id-Ed25519
    ];

    /// <summary>The EKUs that mark a claim signer when the caller configures none (those c2pa-rs's test settings use).</summary>
    public static IReadOnlyCollection<string> DefaultClaimSigningEkus { get; } =
    [
        C2paOids.ClaimSigning,
        C2paOids.DocumentSigning,
        C2paOids.EmailProtection,
        "1.3.6.1.4.1.311.76.59.1.9", // Microsoft's C2PA signing EKU
    ];

    /// <summary>Checks a claim-signing (end-entity) certificate.</summary>
    public static string? CheckSigner(X509Certificate2 certificate, IReadOnlyCollection<string> allowedEkus)
    {
        if (CheckCommon(certificate) is { } common)
        {
            return common;
        }
        if (certificate.Extensions[BasicConstraintsOid] is X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return "the signing certificate is a CA certificate";
        }
        if (certificate.Extensions[KeyUsageOid] is not X509KeyUsageExtension keyUsage)
        {
            return "the signing certificate has no key usage extension";
        }
        if ((keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return "the signing certificate's key usage lacks digitalSignature";
        }
        if ((keyUsage.KeyUsages & X509KeyUsageFlags.KeyCertSign) != 0)
        {
            return "the signing certificate's key usage asserts keyCertSign";
        }
        if (certificate.Extensions[ExtendedKeyUsageOid] is not X509EnhancedKeyUsageExtension eku || eku.EnhancedKeyUsages.Count == 0)
        {
            return "the signing certificate has no extended key usage";
        }
        var ekus = eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (ekus.Contains(C2paOids.AnyExtendedKeyUsage))
        {
            return "the signing certificate asserts anyExtendedKeyUsage";
        }
        if (ekus.Contains(C2paOids.TimeStamping) || ekus.Contains(C2paOids.OcspSigning))
        {
            return "the signing certificate is a time-stamping or OCSP-signing certificate";
        }
        if (!ekus.Overlaps(allowedEkus))
        {
            return "the signing certificate has none of the accepted claim-signing EKUs";
        }
        if (!IsSelfIssued(certificate) && certificate.Extensions[AuthorityKeyIdentifierOid] is null)
        {
            return "the signing certificate has no authority key identifier";
        }
        return null;
    }

    /// <summary>
    /// Checks a CA certificate that the signer's chain passes through. A self-issued one (a root the signer chose to
    /// include) is not held to the signature algorithms: nothing relies on a root's signature over itself (RFC 5280
    /// 6.1: a trust anchor is taken as given), and c2pa-rs checks the profile of the signing certificate alone. Amazon
    /// Titan's images carry DigiCert's 2006 root, self-signed with SHA-1, and both c2pa-rs builds read them.
    /// </summary>
    public static string? CheckAuthority(X509Certificate2 certificate)
    {
        if (CheckCommon(certificate, checkSignatureAlgorithm: !IsSelfIssued(certificate)) is { } common)
        {
            return common;
        }
        if (certificate.Extensions[BasicConstraintsOid] is not X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return $"'{certificate.Subject}' signs certificates but is not marked as a CA";
        }
        if (certificate.Extensions[KeyUsageOid] is X509KeyUsageExtension keyUsage && (keyUsage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
        {
            return $"'{certificate.Subject}' lacks keyCertSign";
        }
        return null;
    }

    private static string? CheckCommon(X509Certificate2 certificate, bool checkSignatureAlgorithm = true)
    {
        if (certificate.Version != 3)
        {
            return $"'{certificate.Subject}' is an X.509 v{certificate.Version} certificate, not v3";
        }
        if (checkSignatureAlgorithm && !AllowedSignatureAlgorithms.Contains(certificate.SignatureAlgorithm.Value ?? string.Empty))
        {
            return $"'{certificate.Subject}' is signed with {certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value}, which C2PA does not allow";
        }
        if (KeyProblem(certificate) is { } key)
        {
            return key;
        }
        if (HasUniqueIdentifiers(certificate.RawDataMemory))
        {
            return $"'{certificate.Subject}' carries issuer/subject unique identifiers";
        }
        return null;
    }

    private static string? KeyProblem(X509Certificate2 certificate)
    {
        switch (certificate.PublicKey.Oid.Value)
        {
            case "1.2.840.10045.2.1":
                using (var ec = certificate.GetECDsaPublicKey())
                {
                    return ec is { KeySize: 256 or 384 or 521 } ? null : $"'{certificate.Subject}' has an EC key that is not on P-256, P-384 or P-521";
                }
            case "1.2.840.113549.1.1.1":
            case "1.2.840.113549.1.1.10":
                using (var rsa = PublicKeys.GetRsa(certificate))
                {
                    return rsa is { KeySize: >= 2048 } ? null : $"'{certificate.Subject}' has an RSA key shorter than 2048 bits";
                }
            case "1.3.101.112":
                return null;
            case var other:
                return $"'{certificate.Subject}' has a key of type {other}, which C2PA does not allow";
        }
    }

    /// <summary>True when TBSCertificate has the optional [1] issuerUniqueID or [2] subjectUniqueID fields.</summary>
    private static bool HasUniqueIdentifiers(ReadOnlyMemory<byte> der)
    {
        try
        {
            var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var tbs = certificate.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }
            for (var i = 0; i < 6; i++)
            {
                tbs.ReadEncodedValue(); // serial, signature, issuer, validity, subject, subjectPublicKeyInfo
            }
            while (tbs.HasData)
            {
                var tag = tbs.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2)
                {
                    return true;
                }
                tbs.ReadEncodedValue();
            }
            return false;
        }
        catch (AsnContentException)
        {
            return true; // not DER we can walk: treat as non-conforming
        }
    }

    public static bool IsSelfIssued(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
