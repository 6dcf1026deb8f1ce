using Provenance.Core.Credentials;

namespace ProvenanceService.Auth;

/// <summary>
/// Turns an <c>authorization: Bearer &lt;key&gt;</c> header into a generator or platform identity, from the
/// API key file (hashes only). Every entry is compared in constant time and the scan never stops early, so the
/// response time says nothing about which key, or how much of one, matched.
/// </summary>
internal sealed class ClientRegistry
{
    private const string BearerPrefix = "Bearer ";
    private readonly ClientRegistryDocument _document;

    public ClientRegistry(ClientRegistryDocument document, bool requirePlatformKey)
    {
        _document = document;
        RequirePlatformKey = requirePlatformKey;
    }

    /// <summary>When false (the default), Verify is open and a call without a key is anonymous.</summary>
    public bool RequirePlatformKey { get; }

    public static ClientRegistry Load(string path, bool requirePlatformKey) =>
        new(ClientRegistryDocument.Parse(File.ReadAllText(path)), requirePlatformKey);

    /// <summary>The generator for a Sign call; throws <see cref="AuthenticationFailedException"/> otherwise.</summary>
    public GeneratorIdentity AuthenticateGenerator(string? authorization)
    {
        var key = BearerToken(authorization)
            ?? throw new AuthenticationFailedException("Sign requires 'authorization: Bearer <generator API key>'.");
        var entry = FindByKey(_document.Generators, key, g => g.KeySha256)
            ?? throw new AuthenticationFailedException("The API key is not a known generator key.");
        if (entry.Revoked is { } revoked)
        {
            throw new AuthenticationFailedException($"The generator API key was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}");
        }
        return new GeneratorIdentity(entry.Name, entry.Organisation, entry.ContentProducer, entry.KeySha256);
    }

    /// <summary>
    /// The platform for a Verify call. Without a key: anonymous, unless keys are required. A key that is
    /// presented must be valid: a wrong key is an error, not a silent downgrade to anonymous.
    /// </summary>
    public PlatformIdentity AuthenticatePlatform(string? authorization)
    {
        var key = BearerToken(authorization);
        if (key is null)
        {
            return RequirePlatformKey
                ? throw new AuthenticationFailedException("Verify requires 'authorization: Bearer <platform API key>' on this service.")
                : PlatformIdentity.Anonymous;
        }
        var entry = FindByKey(_document.Platforms, key, p => p.KeySha256)
            ?? throw new AuthenticationFailedException("The API key is not a known platform key.");
        if (entry.Revoked is { } revoked)
        {
            throw new AuthenticationFailedException($"The platform API key was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}");
        }
        return new PlatformIdentity(entry.Name, entry.Organisation, entry.ContentPropagator, entry.KeySha256);
    }

    /// <summary>The generator entry by key hash, for revocation checks on stored records (revoked or not).</summary>
    public GeneratorEntry? FindGeneratorByKeyHash(string keyHash) =>
        _document.Generators.FirstOrDefault(g => string.Equals(g.KeySha256, keyHash, StringComparison.OrdinalIgnoreCase));

    private static string? BearerToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization[BearerPrefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static T? FindByKey<T>(IReadOnlyList<T> entries, string key, Func<T, string> hashOf) where T : class
    {
        T? found = null;
        foreach (var entry in entries)
        {
            // No early exit: every entry costs the same whether or not an earlier one matched.
            if (ApiKey.Matches(key, hashOf(entry)) && found is null)
            {
                found = entry;
            }
        }
        return found;
    }
}
