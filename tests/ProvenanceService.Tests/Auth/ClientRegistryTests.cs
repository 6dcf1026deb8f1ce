using Provenance.Core.Credentials;
using Provenance.Testing;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Auth;
using ProvenanceService.Configuration;
using ProvenanceService.Storage;

namespace ProvenanceService.Tests.Auth;

public sealed class ClientRegistryTests
{
    private static readonly string GeneratorKey = ApiKey.Generate();
    private static readonly string PlatformKey = ApiKey.Generate();
    private static readonly string RevokedKey = ApiKey.Generate();

    private static ClientRegistry Registry(bool requirePlatformKey = false) => new(new ClientRegistryDocument
    {
        Generators =
        [
            new GeneratorEntry { Name = "Gen", Organisation = "Org", ContentProducer = "ORG-GEN", KeySha256 = ApiKey.Hash(GeneratorKey) },
            new GeneratorEntry
            {
                Name = "Old", Organisation = "Org", ContentProducer = "ORG-OLD", KeySha256 = ApiKey.Hash(RevokedKey),
                Revoked = new Revocation(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), "key leaked"),
            },
        ],
        Platforms = [new PlatformEntry { Name = "Plat", Organisation = "P", ContentPropagator = "P-1", KeySha256 = ApiKey.Hash(PlatformKey) }],
    }, requirePlatformKey);

    [Fact]
    public void A_key_revoked_only_in_the_shared_store_is_refused_with_the_stored_reason()
    {
        var shared = new SharedRevocations();
        var document = new ClientRegistryDocument
        {
            Generators = [new GeneratorEntry { Name = "Gen", Organisation = "Org", ContentProducer = "ORG-GEN", KeySha256 = ApiKey.Hash(GeneratorKey) }],
            Platforms = [new PlatformEntry { Name = "Plat", Organisation = "P", ContentPropagator = "P-1", KeySha256 = ApiKey.Hash(PlatformKey) }],
        };
        var registry = new ClientRegistry(ReloadingFile<ClientRegistryDocument>.Fixed(document), requirePlatformKey: false, shared);
        Assert.Equal("Gen", registry.AuthenticateGenerator("Bearer " + GeneratorKey).Name);

        var at = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        shared.Replace(
        [
            new StoredRevocation(RevocationKinds.GeneratorKey, ApiKey.Hash(GeneratorKey).ToUpperInvariant(), "Gen", at, "revoked on replica A"),
            new StoredRevocation(RevocationKinds.PlatformKey, ApiKey.Hash(PlatformKey), "Plat", at, "platform left"),
        ]);

        var generator = Assert.Throws<AuthenticationFailedException>(() => registry.AuthenticateGenerator("Bearer " + GeneratorKey));
        Assert.Contains("revoked on replica A", generator.Message, StringComparison.Ordinal);
        Assert.Contains("revoked on replica A", registry.GeneratorRevocation(ApiKey.Hash(GeneratorKey)), StringComparison.Ordinal);
        Assert.Contains("platform left", Assert.Throws<AuthenticationFailedException>(() => registry.AuthenticatePlatform("Bearer " + PlatformKey)).Message, StringComparison.Ordinal);
        // Another kind with the same hash does not count: a certificate revocation is not a key revocation.
        shared.Replace([new StoredRevocation(RevocationKinds.SignerCertificate, ApiKey.Hash(GeneratorKey), "CN=x", at, "cert")]);
        Assert.Equal("Gen", registry.AuthenticateGenerator("Bearer " + GeneratorKey).Name);
    }

    [Fact]
    public void A_generator_key_yields_the_configured_identity()
    {
        var identity = Registry().AuthenticateGenerator("Bearer " + GeneratorKey);
        Assert.Equal(new GeneratorIdentity("Gen", "Org", "ORG-GEN", ApiKey.Hash(GeneratorKey)), identity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer pvk_not-a-key")]
    public void Sign_without_a_valid_generator_key_is_refused(string? authorization)
    {
        Assert.Throws<AuthenticationFailedException>(() => Registry().AuthenticateGenerator(authorization));
    }

    [Fact]
    public void A_platform_key_is_not_a_generator_key()
    {
        Assert.Throws<AuthenticationFailedException>(() => Registry().AuthenticateGenerator("Bearer " + PlatformKey));
    }

    [Fact]
    public void A_revoked_generator_key_is_refused_with_its_reason()
    {
        var error = Assert.Throws<AuthenticationFailedException>(() => Registry().AuthenticateGenerator("Bearer " + RevokedKey));
        Assert.Contains("key leaked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_is_open_by_default_but_a_wrong_key_is_still_an_error()
    {
        var registry = Registry();
        Assert.True(registry.AuthenticatePlatform(null).IsAnonymous);
        Assert.Equal("Plat", registry.AuthenticatePlatform("bearer " + PlatformKey).Name);
        Assert.Throws<AuthenticationFailedException>(() => registry.AuthenticatePlatform("Bearer " + GeneratorKey));
    }

    [Fact]
    public void Verify_can_require_a_platform_key()
    {
        Assert.Throws<AuthenticationFailedException>(() => Registry(requirePlatformKey: true).AuthenticatePlatform(null));
    }

    [Fact]
    public void The_example_generator_key_matches_the_example_key_file()
    {
        var registry = ClientRegistry.Load(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.ApiKeysFile), requirePlatformKey: false);
        var key = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.GeneratorApiKeyFile)).Trim();
        Assert.Equal("Example AI Labs Image Generator", registry.AuthenticateGenerator("Bearer " + key).Name);
    }
}
