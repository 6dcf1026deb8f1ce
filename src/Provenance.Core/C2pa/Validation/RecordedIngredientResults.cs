using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The validation statuses that ingredient assertions anywhere in the store recorded when they were made: a v3
/// ingredient's <c>validationResults</c> (its active manifest's codes and its own ingredient deltas) or a v1/v2
/// <c>validationStatus</c> array, as (code, absolute URL). c2pa-rs subtracts this whole set, not just the one
/// ingredient's record, from what ingredient manifests yield now: a status some ingredient already recorded (e.g. a
/// grandparent's <c>ingredient.manifest.validated</c>, recorded in the parent's ingredient deltas) is not a delta.
/// </summary>
internal static class RecordedIngredientResults
{
    public static HashSet<(string Code, string Url)> Collect(ManifestStore store)
    {
        var recorded = new HashSet<(string, string)>();
        foreach (var manifest in store.Manifests)
        {
            foreach (var assertion in manifest.Assertions)
            {
                if (C2paLabels.IsIngredient(assertion.Label!) && Read(assertion) is { } node)
                {
                    Add(recorded, node);
                }
            }
        }
        return recorded;
    }

    private static CborNode? Read(JumbfBox assertion)
    {
        if (assertion.Children.FirstOrDefault(c => c.Type == BoxType.Cbor) is not { } content)
        {
            return null;
        }
        try
        {
            return CborTreeReader.Read(content.Payload);
        }
        catch (CborFormatException)
        {
            return null; // reported as assertion.cbor.invalid where the ingredient is validated
        }
    }

    private static void Add(HashSet<(string, string)> recorded, CborNode ingredient)
    {
        // Relative URLs in a record are relative to the ingredient's own manifest (c2pa-rs makes them absolute so).
        var manifestLabel = JumbfUri.ManifestLabelOf(HashedUri.From(ingredient["activeManifest"] ?? ingredient["c2pa_manifest"])?.Url ?? string.Empty);
        var results = ingredient["validationResults"];
        var entries = StatusCodes(results?["activeManifest"])
            .Concat((results?["ingredientDeltas"]?.Items ?? []).SelectMany(d => StatusCodes(d["validationDeltas"])))
            .Concat(ingredient["validationStatus"]?.Items ?? []);
        foreach (var entry in entries)
        {
            if (entry.GetText("code") is { } code)
            {
                var url = entry.GetText("url") ?? string.Empty;
                recorded.Add((code, manifestLabel is null ? url : ValidationContext.Absolute(manifestLabel, url)));
            }
        }
    }

    /// <summary>The entries of a status-codes-map (success, informational, failure lists).</summary>
    private static IEnumerable<CborNode> StatusCodes(CborNode? map) =>
        map is { IsMap: true } ? new[] { "success", "informational", "failure" }.SelectMany(k => map[k]?.Items ?? []) : [];
}
