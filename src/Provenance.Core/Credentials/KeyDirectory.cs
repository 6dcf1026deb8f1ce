using Provenance.Core.Crypto;

namespace Provenance.Core.Credentials;

/// <summary>
/// Writes a complete, fresh trust setup into a directory, in the layout the service reads by default
/// (keys-example/ is one of these): trust anchors, the signer's chain and PKCS#8 key, API keys and their
/// hashes, the watermark key. Used by `provenance keys init`.
/// </summary>
public static class KeyDirectory
{
    public const string TrustAnchorsFile = "trust-anchors.pem";
    public const string RootCaFile = "root-ca.pem";
    public const string SignerChainFile = "signer-chain.pem";
    public const string SignerKeyFile = "signer-key.pem";
    public const string ApiKeysFile = "api-keys.json";
    public const string GeneratorApiKeyFile = "generator-api-key.txt";
    public const string PlatformApiKeyFile = "platform-api-key.txt";
    public const string AuditorApiKeyFile = "auditor-api-key.txt";
    public const string RevocationsFile = "revocations.json";
    public const string WatermarkKeyFile = "watermark-key.txt";
    public const string ReadmeFile = "README.md";

    /// <summary>
    /// Creates the files. Refuses a directory that already holds any of them, so that an existing key set is
    /// never overwritten by accident.
    /// </summary>
    public static void Initialize(string directory, string organisation, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        string[] files = [TrustAnchorsFile, RootCaFile, SignerChainFile, SignerKeyFile, ApiKeysFile, GeneratorApiKeyFile,
            PlatformApiKeyFile, AuditorApiKeyFile, WatermarkKeyFile, ReadmeFile];
        var existing = files.Where(f => File.Exists(Path.Combine(directory, f))).ToList();
        if (existing.Count > 0)
        {
            throw new IOException($"{directory} already holds {string.Join(", ", existing)}; refusing to overwrite a key set.");
        }

        using var keys = SigningKeySet.Create(organisation, now, signerLifetime: TimeSpan.FromDays(5 * 365));
        var generatorKey = ApiKey.Generate();
        var platformKey = ApiKey.Generate();
        var auditorKey = ApiKey.Generate();
        var registry = new ClientRegistryDocument
        {
            Generators =
            [
                new GeneratorEntry
                {
                    Name = $"{organisation} Image Generator",
                    Organisation = organisation,
                    ContentProducer = ContentCode(organisation, "GEN"),
                    KeySha256 = ApiKey.Hash(generatorKey),
                },
            ],
            Platforms =
            [
                new PlatformEntry
                {
                    Name = $"{organisation} Platform",
                    Organisation = organisation,
                    ContentPropagator = ContentCode(organisation, "PLATFORM"),
                    KeySha256 = ApiKey.Hash(platformKey),
                },
            ],
            Auditors =
            [
                new AuditorEntry { Name = $"{organisation} Auditor", Organisation = organisation, KeySha256 = ApiKey.Hash(auditorKey) },
            ],
        };

        Write(directory, TrustAnchorsFile, keys.TrustAnchorsPem(), secret: false);
        Write(directory, RootCaFile, keys.Root.ExportCertificatePem() + "\n", secret: false);
        Write(directory, SignerChainFile, keys.SignerChainPem(), secret: false);
        Write(directory, SignerKeyFile, keys.SignerKeyPem(), secret: true);
        Write(directory, ApiKeysFile, registry.ToJson(), secret: false);
        Write(directory, GeneratorApiKeyFile, generatorKey + "\n", secret: true);
        Write(directory, PlatformApiKeyFile, platformKey + "\n", secret: true);
        Write(directory, AuditorApiKeyFile, auditorKey + "\n", secret: true);
        Write(directory, WatermarkKeyFile, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n", secret: true);
        Write(directory, ReadmeFile, Readme(organisation, now), secret: false);
    }

    private static string ContentCode(string organisation, string role)
    {
        var letters = new string(organisation.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).Take(16).ToArray());
        return $"{(letters.Length > 0 ? letters : "ORG")}-{role}";
    }

    private static void Write(string directory, string name, string content, bool secret)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Readme(string organisation, DateTimeOffset now) => $"""
        # Key set for {organisation}

        Made by `provenance keys init` on {now:yyyy-MM-dd}. What each file is:

        | file | what | secret |
        |---|---|---|
        | {TrustAnchorsFile} | the root CA certificate: the trust list verifiers use | no |
        | {RootCaFile} | the same root CA certificate, by its role | no |
        | {SignerChainFile} | the claim-signing certificate, then the intermediate CA (what manifests carry) | no |
        | {SignerKeyFile} | the claim-signing private key (PKCS#8, ES256 / P-256) | YES |
        | {ApiKeysFile} | generator and platform identities, with the SHA-256 of their API keys | no |
        | {GeneratorApiKeyFile} | the generator's API key (Sign requires it as `authorization: Bearer <key>`) | YES |
        | {PlatformApiKeyFile} | the platform's API key (optional on Verify; names the platform in reports) | YES |
        | {AuditorApiKeyFile} | the auditor's API key (ListReports requires it) | YES |
        | {WatermarkKeyFile} | the key of the watermark patterns (hex); detection needs the same key | YES |

        Revocations: `provenance keys revoke` marks a generator key revoked in {ApiKeysFile}, or adds a signing
        certificate to {RevocationsFile}; the service picks either change up without a restart.

        The CA private keys were used once to issue the certificates and then discarded. The signing certificate
        carries the EKUs c2pa-kp-claimSigning, id-kp-documentSigning and id-kp-emailProtection.
        """.Replace("\r", "") + "\n";
}
