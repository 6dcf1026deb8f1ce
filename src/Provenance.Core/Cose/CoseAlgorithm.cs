using System.Security.Cryptography;

namespace Provenance.Core.Cose;

/// <summary>The COSE signature algorithms C2PA allows (spec "Signature Algorithms"), by their COSE identifiers.</summary>
public enum CoseAlgorithm
{
    ES256 = -7,
    ES384 = -35,
    ES512 = -36,
    PS256 = -37,
    PS384 = -38,
    PS512 = -39,
    /// <summary>EdDSA; C2PA allows the Ed25519 instance only.</summary>
    Ed25519 = -8,
}

internal static class CoseAlgorithms
{
    /// <summary>The algorithm for a COSE <c>alg</c> value, or null when C2PA does not allow it.</summary>
    public static CoseAlgorithm? FromId(long id) => id switch
    {
        -7 => CoseAlgorithm.ES256,
        -35 => CoseAlgorithm.ES384,
        -36 => CoseAlgorithm.ES512,
        -37 => CoseAlgorithm.PS256,
        -38 => CoseAlgorithm.PS384,
        -39 => CoseAlgorithm.PS512,
        -8 => CoseAlgorithm.Ed25519,
        _ => null,
    };

    /// <summary>The hash inside the signature scheme (Ed25519 hashes internally and reports SHA-512).</summary>
    public static HashAlgorithmName HashOf(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.ES256 or CoseAlgorithm.PS256 => HashAlgorithmName.SHA256,
        CoseAlgorithm.ES384 or CoseAlgorithm.PS384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    public static bool IsEcdsa(CoseAlgorithm algorithm) => algorithm is CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512;

    public static bool IsRsaPss(CoseAlgorithm algorithm) => algorithm is CoseAlgorithm.PS256 or CoseAlgorithm.PS384 or CoseAlgorithm.PS512;
}
