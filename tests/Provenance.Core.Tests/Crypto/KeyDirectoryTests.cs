using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Credentials;
using Provenance.Core.Crypto;
using Provenance.Testing;

namespace Provenance.Core.Tests.Crypto;

public sealed class KeyDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "provenance-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_new_key_set_chains_to_its_trust_anchor_and_meets_the_C2PA_signer_profile()
    {
        KeyDirectory.Initialize(_directory, "Test Org", DateTimeOffset.UtcNow);
        AssertSignerProfile(_directory);
    }

    [Fact]
    public void The_committed_example_key_set_meets_the_same_profile()
    {
        AssertSignerProfile(RepositoryPaths.KeysExample);
    }

    [Fact]
    public void The_signer_key_belongs_to_the_signer_certificate()
    {
        KeyDirectory.Initialize(_directory, "Test Org", DateTimeOffset.UtcNow);
        using var leaf = X509CertificateLoader.LoadCertificate(LoadChain(_directory)[0].RawData);
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_directory, KeyDirectory.SignerKeyFile)));
        var data = "claim bytes"u8.ToArray();
        var signature = key.SignData(data, HashAlgorithmName.SHA256);
        Assert.True(leaf.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void An_existing_key_set_is_never_overwritten()
    {
        KeyDirectory.Initialize(_directory, "Test Org", DateTimeOffset.UtcNow);
        var before = File.ReadAllText(Path.Combine(_directory, KeyDirectory.SignerKeyFile));
        Assert.Throws<IOException>(() => KeyDirectory.Initialize(_directory, "Test Org", DateTimeOffset.UtcNow));
        Assert.Equal(before, File.ReadAllText(Path.Combine(_directory, KeyDirectory.SignerKeyFile)));
    }

    [Fact]
    public void The_api_key_file_holds_hashes_of_the_written_keys_and_never_the_keys()
    {
        KeyDirectory.Initialize(_directory, "Test Org", DateTimeOffset.UtcNow);
        var json = File.ReadAllText(Path.Combine(_directory, KeyDirectory.ApiKeysFile));
        var generatorKey = File.ReadAllText(Path.Combine(_directory, KeyDirectory.GeneratorApiKeyFile)).Trim();
        var platformKey = File.ReadAllText(Path.Combine(_directory, KeyDirectory.PlatformApiKeyFile)).Trim();
        var document = ClientRegistryDocument.Parse(json);

        Assert.DoesNotContain(generatorKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(platformKey, json, StringComparison.Ordinal);
        Assert.True(ApiKey.Matches(generatorKey, document.Generators.Single().KeySha256));
        Assert.True(ApiKey.Matches(platformKey, document.Platforms.Single().KeySha256));
        Assert.False(ApiKey.Matches(platformKey, document.Generators.Single().KeySha256));
    }

    private static X509Certificate2Collection LoadChain(string directory)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Path.Combine(directory, KeyDirectory.SignerChainFile));
        return chain;
    }

    private static void AssertSignerProfile(string directory)
    {
        var certificates = LoadChain(directory);
        Assert.Equal(2, certificates.Count);
        var leaf = certificates[0];
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(Path.Combine(directory, KeyDirectory.TrustAnchorsFile));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.Add(certificates[1]);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);

        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        var ekus = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages
            .Cast<Oid>().Select(o => o.Value).ToHashSet();
        Assert.Equal(new HashSet<string?> { C2paOids.ClaimSigning, C2paOids.DocumentSigning, C2paOids.EmailProtection }, ekus);
        Assert.Equal(256, leaf.GetECDsaPublicKey()!.KeySize);
    }
}
