using System.Security.Cryptography;

namespace Provenance.Core.Jumbf;

/// <summary>
/// Hashes a JUMBF box the way C2PA hashed URIs do (spec "Hashing JUMBF Boxes"): over the box's payload, i.e. the
/// description box and the content boxes, without the superbox's own LBox/TBox(/XLBox) header.
/// </summary>
internal static class JumbfHash
{
    public static byte[] Compute(JumbfBox box, HashAlgorithmName algorithm) => Compute(box.Payload.Span, algorithm);

    public static byte[] Compute(ReadOnlySpan<byte> payload, HashAlgorithmName algorithm)
    {
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return SHA256.HashData(payload);
        }
        if (algorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(payload);
        }
        if (algorithm == HashAlgorithmName.SHA512)
        {
            return SHA512.HashData(payload);
        }
        throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm.Name, "C2PA allows SHA-256, SHA-384 and SHA-512");
    }
}
