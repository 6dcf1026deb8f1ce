using Provenance.Core.C2pa.Model;
using Provenance.Core.Crypto;

namespace Provenance.Core.C2pa.Validation;

/// <summary>Everything one validation run shares: the store, the trust configuration, the time, the redactions.</summary>
internal sealed class ValidationContext
{
    /// <summary>Ingredient manifests deeper than this are not validated (the store is untrusted input).</summary>
    public const int MaxIngredientDepth = 16;

    public required ManifestStore Store { get; init; }

    public required TrustAnchorSet Anchors { get; init; }

    public required TrustAnchorSet TimeStampAnchors { get; init; }

    public required TrustAnchorSet IdentityAnchors { get; init; }

    public required IReadOnlyCollection<string> ClaimSigningEkus { get; init; }

    /// <summary>Chain results shared by the validator's calls (per trust configuration).</summary>
    public required ChainVerdictCache ChainCache { get; init; }

    public IReadOnlySet<string>? RevokedSignerThumbprints { get; init; }

    public required DateTimeOffset Now { get; init; }

    public bool StopAtFirstFailure { get; init; }

    /// <summary>Absolute URIs of assertions that claims in this store redacted from their ingredients.</summary>
    public HashSet<string> RedactedAssertions { get; } = new(StringComparer.Ordinal);

    /// <summary>Certificates read during the run, released when the result has been built.</summary>
    public List<IDisposable> Owned { get; } = [];

    private HashSet<(string Code, string Url)>? _recorded;

    /// <summary>What the store's ingredient assertions recorded (read on first use: only stores with ingredients need it).</summary>
    public HashSet<(string Code, string Url)> RecordedIngredientStatuses => _recorded ??= RecordedIngredientResults.Collect(Store);

    /// <summary>Manifests being validated on the current path (cycle guard for ingredients).</summary>
    public HashSet<string> InProgress { get; } = new(StringComparer.Ordinal);

    /// <summary>Makes a JUMBF URI absolute (<c>self#jumbf=/c2pa/&lt;manifest&gt;/...</c>) relative to <paramref name="manifestLabel"/>.</summary>
    public static string Absolute(string manifestLabel, string url)
    {
        if (!JumbfUri.IsSelf(url))
        {
            return url;
        }
        var path = JumbfUri.Normalized(url);
        return path.StartsWith('/') ? url : $"{C2paLabels.UriPrefix}/{C2paLabels.ManifestStore}/{manifestLabel}/{path}";
    }
}
