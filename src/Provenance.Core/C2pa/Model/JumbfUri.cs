using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Model;

/// <summary>Where a JUMBF URI (<c>self#jumbf=...</c>) points inside a manifest store.</summary>
internal sealed record ResolvedUri(ManifestBox? Manifest, JumbfBox Box);

/// <summary>
/// Resolves C2PA JUMBF URIs: absolute ones (<c>self#jumbf=/c2pa/&lt;manifest&gt;/...</c>) from the store, relative
/// ones (<c>self#jumbf=c2pa.assertions/...</c>) from the manifest that contains the reference. URIs to anything but
/// the asset's own store (<c>self</c>) are not resolved.
/// </summary>
internal static class JumbfUri
{
    public static bool IsSelf(string url) => url.StartsWith(C2paLabels.UriPrefix, StringComparison.Ordinal);

    public static ResolvedUri? Resolve(ManifestStore store, ManifestBox current, string url)
    {
        if (!IsSelf(url))
        {
            return null;
        }
        var path = Normalized(url);
        if (path.StartsWith('/'))
        {
            var segments = path[1..].Split('/');
            if (segments.Length == 0 || segments[0] != C2paLabels.ManifestStore)
            {
                return null;
            }
            if (segments.Length == 1)
            {
                return new ResolvedUri(null, store.Root);
            }
            var manifest = store.Find(segments[1]);
            if (manifest is null)
            {
                return null;
            }
            var target = Walk(manifest.Content, segments.AsSpan(2));
            return target is null ? null : new ResolvedUri(manifest, segments.Length == 2 ? manifest.Box : target);
        }
        var relative = Walk(current.Content, path.Split('/'));
        return relative is null ? null : new ResolvedUri(current, relative);
    }

    /// <summary>The label of the manifest an absolute URI names, or null for a relative URI.</summary>
    public static string? ManifestLabelOf(string url)
    {
        if (!IsSelf(url))
        {
            return null;
        }
        var path = Normalized(url);
        if (!path.StartsWith('/'))
        {
            return null;
        }
        var segments = path[1..].Split('/');
        return segments.Length >= 2 && segments[0] == C2paLabels.ManifestStore ? segments[1] : null;
    }

    /// <summary>
    /// The path after <c>self#jumbf=</c> of a <see cref="IsSelf"/> URI. A path that starts with the store's own label
    /// and no slash (<c>c2pa/&lt;manifest&gt;/...</c>, which some writers use: a DASH init segment among c2pa-rs's
    /// fixtures) names the store from its root, as c2pa-rs normalises such a URI, not a box called "c2pa" in the
    /// current manifest.
    /// </summary>
    public static string Normalized(string url)
    {
        var path = url[C2paLabels.UriPrefix.Length..];
        return path.StartsWith(C2paLabels.ManifestStore + "/", StringComparison.Ordinal) ? "/" + path : path;
    }

    private static JumbfBox? Walk(JumbfBox start, ReadOnlySpan<string> segments)
    {
        var box = start;
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                continue;
            }
            box = box.FindChild(segment);
            if (box is null)
            {
                return null;
            }
        }
        return box;
    }
}
