using Provenance.Core.Credentials;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Configuration;
using ProvenanceService.Storage;

namespace ProvenanceService.Auth;

/// <summary>
/// Turns an <c>authorization: Bearer &lt;key&gt;</c> header into a generator or platform identity, from the
/// API key file (hashes only). Every entry is compared in constant time and the scan never stops early, so the
/// response time says nothing about which key, or how much of one, matched. The file is re-read when it
/// changes, so adding or revoking a key needs no restart. A key is also revoked when any replica stored its
/// revocation in the shared database (<see cref="SharedRevocations"/>).
/// </summary>
internal sealed class ClientRegistry
{
    private const string BearerPrefix = "Bearer ";
    private readonly ReloadingFile<ClientRegistryDocument> _file;
    private readonly SharedRevocations _shared;

    public ClientRegistry(ReloadingFile<ClientRegistryDocument> file, bool requirePlatformKey, SharedRevocations? shared = null)
    {
        _file = file;
        _shared = shared ?? new SharedRevocations();
        RequirePlatformKey = requirePlatformKey;
    }

    public ClientRegistry(ClientRegistryDocument document, bool requirePlatformKey)
        : this(ReloadingFile<ClientRegistryDocument>.Fixed(document), requirePlatformKey)
    {
    }

    /// <summary>This replica's API key file as last read.</summary>
    public ClientRegistryDocument Document => _file.Current;

    /// <summary>When false (the default), Verify is open and a call without a key is anonymous.</summary>
    public bool RequirePlatformKey { get; }

    public static ClientRegistry Load(string path, bool requirePlatformKey, Action<string, Exception>? onReloadError = null,
        SharedRevocations? shared = null) =>
        new(new ReloadingFile<ClientRegistryDocument>(path, ClientRegistryDocument.Parse, onError: onReloadError), requirePlatformKey, shared);

    /// <summary>The generator for a Sign call; throws <see cref="AuthenticationFailedException"/> otherwise.</summary>
    public GeneratorIdentity AuthenticateGenerator(string? authorization)
    {
        var key = BearerToken(authorization)
            ?? throw new AuthenticationFailedException("Sign requires 'authorization: Bearer <generator API key>'.");
        var entry = FindByKey(_file.Current.Generators, key, g => g.KeySha256)
            ?? throw new AuthenticationFailedException("The API key is not a known generator key.");
        if ((entry.Revoked ?? _shared.FindAsFileEntry(RevocationKinds.GeneratorKey, entry.KeySha256)) is { } revoked)
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
        var entry = FindByKey(_file.Current.Platforms, key, p => p.KeySha256)
            ?? throw new AuthenticationFailedException("The API key is not a known platform key.");
        if ((entry.Revoked ?? _shared.FindAsFileEntry(RevocationKinds.PlatformKey, entry.KeySha256)) is { } revoked)
        {
            throw new AuthenticationFailedException($"The platform API key was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}");
        }
        return new PlatformIdentity(entry.Name, entry.Organisation, entry.ContentPropagator, entry.KeySha256);
    }

    /// <summary>The auditor for a ListReports call; throws <see cref="AuthenticationFailedException"/> otherwise.</summary>
    public AuditorEntry AuthenticateAuditor(string? authorization)
    {
        var key = BearerToken(authorization)
            ?? throw new AuthenticationFailedException("ListReports requires 'authorization: Bearer <auditor API key>'.");
        var entry = FindByKey(_file.Current.Auditors, key, a => a.KeySha256)
            ?? throw new AuthenticationFailedException("The API key is not a known auditor key.");
        if ((entry.Revoked ?? _shared.FindAsFileEntry(RevocationKinds.AuditorKey, entry.KeySha256)) is { } revoked)
        {
            throw new AuthenticationFailedException($"The auditor API key was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}");
        }
        return entry;
    }

    /// <summary>
    /// Why the generator key with this hash is revoked, or null when it is not (or is unknown): files it signed
    /// then verify as untrusted.
    /// </summary>
    public string? GeneratorRevocation(string keyHash)
    {
        var generator = _file.Current.Generators.FirstOrDefault(g => string.Equals(g.KeySha256, keyHash, StringComparison.OrdinalIgnoreCase));
        if (generator?.Revoked is { } revoked)
        {
            return $"the generator key of {generator.Name} was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}";
        }
        // Stored by another replica; its subject names the generator even where this replica's file does not.
        return _shared.Find(RevocationKinds.GeneratorKey, keyHash) is { } stored
            ? $"the generator key of {stored.Subject} was revoked on {stored.At:yyyy-MM-dd}: {stored.Reason}"
            : null;
    }

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
