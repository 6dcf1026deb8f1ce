using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// Loads a certificate that came inside a file. .NET parses the outer structure when loading but decodes names,
/// extensions and the public key only when they are first read, so a crafted certificate loads and then throws
/// from deep inside validation (found by fuzzing: a basicConstraints of the wrong ASN.1 class, an EC key that does
/// not decode). Everything the validator later reads is decoded here, once, so a certificate is either refused
/// at load or safe to read.
/// </summary>
internal static class UntrustedCertificate
{
    /// <summary>Throws <see cref="CryptographicException"/> when any part the validator reads does not decode.</summary>
    public static X509Certificate2 Load(ReadOnlySpan<byte> der)
    {
        var certificate = X509CertificateLoader.LoadCertificate(der);
        try
        {
            DecodeEverythingRead(certificate);
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            certificate.Dispose();
            throw e as CryptographicException ?? new CryptographicException("The certificate is malformed: " + e.Message, e);
        }
    }

    private static void DecodeEverythingRead(X509Certificate2 certificate)
    {
        _ = certificate.Subject;
        _ = certificate.Issuer;
        CertificateNames.Organization(certificate.SubjectName);
        CertificateNames.Organization(certificate.IssuerName);
        _ = certificate.Version;
        _ = certificate.SignatureAlgorithm.Value;
        _ = certificate.NotBefore;
        _ = certificate.NotAfter;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension basic:
                    _ = (basic.CertificateAuthority, basic.HasPathLengthConstraint, basic.PathLengthConstraint);
                    break;
                case X509KeyUsageExtension usage:
                    _ = usage.KeyUsages;
                    break;
                case X509EnhancedKeyUsageExtension eku:
                    _ = eku.EnhancedKeyUsages.Count;
                    break;
                case X509SubjectKeyIdentifierExtension ski:
                    _ = ski.SubjectKeyIdentifier;
                    break;
                case X509AuthorityKeyIdentifierExtension aki:
                    _ = aki.KeyIdentifier;
                    break;
            }
        }
        switch (certificate.PublicKey.Oid.Value)
        {
            case PublicKeys.EcPublicKeyOid:
                certificate.GetECDsaPublicKey()?.Dispose();
                break;
            case PublicKeys.RsaEncryptionOid:
            case PublicKeys.RsaPssOid:
                PublicKeys.GetRsa(certificate)?.Dispose();
                break;
            default:
                _ = certificate.PublicKey.EncodedKeyValue.RawData;
                break;
        }
    }
}
