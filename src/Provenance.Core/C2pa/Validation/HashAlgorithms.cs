using System.Security.Cryptography;

namespace Provenance.Core.C2pa.Validation;

/// <summary>The C2PA hash algorithm identifiers (spec "Hashing"): the allowed list, nothing deprecated.</summary>
internal static class HashAlgorithms
{
    public static HashAlgorithmName? FromIdentifier(string? identifier) => identifier switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
