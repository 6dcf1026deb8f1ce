namespace ProvenanceService.Auth;

/// <summary>A generator app, as its API key identifies it. This, never the request, is what a manifest names.</summary>
internal sealed record GeneratorIdentity(string Name, string Organisation, string ContentProducer, string KeyHash);

/// <summary>
/// The platform calling Verify: from its API key, or <see cref="Anonymous"/> when Verify is open and no key
/// was presented.
/// </summary>
internal sealed record PlatformIdentity(string Name, string Organisation, string ContentPropagator, string? KeyHash)
{
    public static PlatformIdentity Anonymous { get; } = new("anonymous", "", "", null);

    public bool IsAnonymous => KeyHash is null;
}
