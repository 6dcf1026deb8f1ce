using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Provenance.Core.Crypto;

namespace Provenance.Core.Cose;

/// <summary>
/// Checks a raw COSE signature over "ToBeSigned" bytes with a certificate's public key. Returns false for a
/// signature that does not verify, and also for a key that does not suit the algorithm (RFC 9053: ECDSA needs a
/// P-256/384/521 key, PS* an RSA key of at least 2048 bits, EdDSA an Ed25519 key); <see cref="KeyMismatch"/> tells
/// the two apart for reporting.
/// </summary>
internal static class CoseSignatureVerifier
{

    private const int Ed25519SignatureLength = 64;

    public static bool Verify(CoseAlgorithm algorithm, X509Certificate2 certificate, ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        if (KeyMismatch(algorithm, certificate) is not null)
        {
            return false;
        }
        var hash = CoseAlgorithms.HashOf(algorithm);
        if (CoseAlgorithms.IsEcdsa(algorithm))
        {
            using var ecdsa = certificate.GetECDsaPublicKey()!;
            // COSE carries r||s with each half the size of the curve's field (RFC 9053 2.1).
            var fieldBytes = (ecdsa.KeySize + 7) / 8;
            if (signature.Length != 2 * fieldBytes)
            {
                return false;
            }
            return ecdsa.VerifyData(toBeSigned, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        if (CoseAlgorithms.IsRsaPss(algorithm))
        {
            using var rsa = PublicKeys.GetRsa(certificate)!;
            return rsa.VerifyData(toBeSigned, signature, hash, RSASignaturePadding.Pss);
        }
        return VerifyEd25519(certificate.PublicKey.EncodedKeyValue.RawData, toBeSigned, signature);
    }

    /// <summary>An Ed25519 (EdDSA) signature over <paramref name="toBeSigned"/> with a raw 32-byte public key.</summary>
    public static bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519PublicKeyParameters.KeySize || signature.Length != Ed25519SignatureLength)
        {
            return false;
        }
        Ed25519PublicKeyParameters key;
        try
        {
            key = new Ed25519PublicKeyParameters(publicKey.ToArray(), 0);
        }
        catch (ArgumentException)
        {
            // 32 bytes that are not a point on the curve (found by fuzzing): no signature can verify under it.
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(false, key);
        var data = toBeSigned.ToArray();
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature.ToArray());
    }

    /// <summary>Why the certificate's key cannot be used with <paramref name="algorithm"/>, or null when it can.</summary>
    public static string? KeyMismatch(CoseAlgorithm algorithm, X509Certificate2 certificate)
    {
        var keyOid = certificate.PublicKey.Oid.Value;
        if (CoseAlgorithms.IsEcdsa(algorithm))
        {
            using var ecdsa = certificate.GetECDsaPublicKey();
            if (ecdsa is null)
            {
                return $"{algorithm} needs an EC key, the certificate has {keyOid}";
            }
            return ecdsa.KeySize is 256 or 384 or 521 ? null : $"EC key of {ecdsa.KeySize} bits is not on P-256, P-384 or P-521";
        }
        if (CoseAlgorithms.IsRsaPss(algorithm))
        {
            using var rsa = PublicKeys.GetRsa(certificate);
            if (rsa is null)
            {
                return $"{algorithm} needs an RSA key, the certificate has {keyOid}";
            }
            return rsa.KeySize is >= 2048 and <= 16384 ? null : $"RSA key of {rsa.KeySize} bits (2048 to 16384 allowed)";
        }
        return keyOid == PublicKeys.Ed25519Oid ? null : $"EdDSA needs an Ed25519 key, the certificate has {keyOid}";
    }
}
