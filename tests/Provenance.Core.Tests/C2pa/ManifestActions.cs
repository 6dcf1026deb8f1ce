using System.Text.Json;

namespace Provenance.Core.Tests.C2pa;

/// <summary>The actions of a manifest as Sign reports it in JSON (<c>SignedContent.ManifestJson</c>).</summary>
internal static class ManifestActions
{
    /// <summary>The entries of the <c>c2pa.actions.v2</c> assertion, in order.</summary>
    public static List<JsonElement> Find(JsonElement manifest)
    {
        foreach (var assertion in manifest.GetProperty("assertions").EnumerateArray())
        {
            if (assertion.GetProperty("label").GetString() == "c2pa.actions.v2")
            {
                return assertion.GetProperty("data").GetProperty("actions").EnumerateArray().ToList();
            }
        }
        throw new InvalidOperationException("no c2pa.actions.v2 assertion");
    }
}
