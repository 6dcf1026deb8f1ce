using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Credentials;

/// <summary>
/// Revokes credentials in a key set folder: a generator API key (marked in api-keys.json, beside its identity) or a
/// signing certificate (listed in revocations.json). Files are replaced atomically, so a service reading them
/// concurrently sees the old version or the new one, never half of one.
/// </summary>
public static class Revocations
{
    /// <summary>Marks the generator whose key this is as revoked; returns its name. Throws when the key is unknown.</summary>
    public static string RevokeGenerator(string directory, string apiKey, string reason, DateTimeOffset now)
    {
        var path = Path.Combine(directory, KeyDirectory.ApiKeysFile);
        var document = ClientRegistryDocument.Parse(File.ReadAllText(path));
        var hash = ApiKey.Hash(apiKey.Trim());
        var generator = document.Generators.FirstOrDefault(g => string.Equals(g.KeySha256, hash, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No generator in {path} has that key.");
        var updated = document with
        {
            Generators = document.Generators.Select(g => ReferenceEquals(g, generator) ? g with { Revoked = new Revocation(now, reason) } : g).ToList(),
        };
        ReplaceAtomically(path, updated.ToJson());
        return generator.Name;
    }

    /// <summary>Adds the certificate to the revocation list; returns its SHA-256 (hex). Revoking twice keeps one entry.</summary>
    public static string RevokeSigner(string directory, X509Certificate2 certificate, string reason, DateTimeOffset now)
    {
        var path = Path.Combine(directory, KeyDirectory.RevocationsFile);
        var document = File.Exists(path) ? RevocationDocument.Parse(File.ReadAllText(path)) : RevocationDocument.Empty;
        var thumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        if (document.Find(thumbprint) is null)
        {
            document = document with { Signers = [.. document.Signers, new SignerRevocation(thumbprint, certificate.Subject, now, reason)] };
            ReplaceAtomically(path, document.ToJson());
        }
        return thumbprint;
    }

    private static void ReplaceAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
