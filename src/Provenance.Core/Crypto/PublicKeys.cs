using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// Public keys of certificates, including RSA keys published under id-RSASSA-PSS (which C2PA certificates use and
/// <see cref="X509Certificate2.GetRSAPublicKey"/> does not read: the key is the same RSAPublicKey structure).
/// </summary>
internal static class PublicKeys
{
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string RsaPssOid = "1.2.840.113549.1.1.10";
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string Ed25519Oid = "1.3.101.112";

    public static RSA? GetRsa(X509Certificate2 certificate)
    {
        switch (certificate.PublicKey.Oid.Value)
        {
            case RsaEncryptionOid:
                return certificate.GetRSAPublicKey();
            case RsaPssOid:
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportRSAPublicKey(certificate.PublicKey.EncodedKeyValue.RawData, out _);
                    return rsa;
                }
                catch (CryptographicException)
                {
                    rsa.Dispose();
                    return null;
                }
            default:
                return null;
        }
    }
}
