using System.Security.Cryptography;
using System.Text;

namespace Provenance.Core.Credentials;

/// <summary>
/// Bearer API keys. Only their SHA-256 is ever stored: a leaked configuration file does not leak keys, and keys
/// are long and random enough (256 bits) that an unsalted hash is not guessable.
/// </summary>
public static class ApiKey
{
    private const string Prefix = "pvk_";

    /// <summary>A new random key, e.g. <c>pvk_3q2+...</c> (URL-safe base64 of 32 random bytes).</summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes, as configuration files hold it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a stored hash in time independent of where they differ.</summary>
    public static bool Matches(string presentedKey, string storedHashHex)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), presented);
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHashHex.Length != 2 * stored.Length ||
            Convert.FromHexString(storedHashHex, stored, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }
}
