using System.Text;
using System.Text.Json;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The outcome of validating an asset's C2PA manifest store. When no store is embedded, <see cref="HasManifest"/>
/// is false and <see cref="State"/> null; a remote-manifest reference found in XMP is reported in
/// <see cref="RemoteManifestUrl"/> (never fetched).
/// </summary>
public sealed class C2paValidationResult
{
    public required bool HasManifest { get; init; }

    /// <summary>
    /// The active manifest's state, lowered by failures in the ingredient deltas (Invalid for a hard failure, Valid
    /// for an ingredient signer no longer trusted), as c2pa-rs derives it; null when there is no embedded store.
    /// </summary>
    public ValidationState? State { get; init; }

    public ValidationStatusSet ActiveManifest { get; init; } = ValidationStatusSet.Empty;

    /// <summary>
    /// Per ingredient assertion, what its manifest yields now that no ingredient in the store recorded when it was
    /// made (spec "ingredient-delta-validation-result-map"); ingredients with nothing new are left out.
    /// </summary>
    public IReadOnlyList<IngredientDelta> IngredientDeltas { get; init; } = [];

    public string? ActiveManifestLabel { get; init; }

    public ManifestSummary? Summary { get; init; }

    /// <summary>The <c>dcterms:provenance</c> URL of a remote manifest, when the asset has no embedded store.</summary>
    public string? RemoteManifestUrl { get; init; }

    private Lazy<string?>? _manifestStoreJson;

    /// <summary>The whole manifest store rendered as JSON (null without a readable store); rendered on first use.</summary>
    public string? ManifestStoreJson => _manifestStoreJson?.Value;

    internal Func<string?> ManifestStoreJsonSource
    {
        init => _manifestStoreJson = new Lazy<string?>(value);
    }

    /// <summary>The failure codes of the active manifest, in order.</summary>
    public IEnumerable<string> FailureCodes => ActiveManifest.Failure.Select(s => s.Code);

    /// <summary>A report in the shape of the spec's validation-results-map, plus the state.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("has_manifest", HasManifest);
            writer.WriteString("validation_state", State?.ToString());
            writer.WriteString("active_manifest", ActiveManifestLabel);
            if (RemoteManifestUrl is not null)
            {
                writer.WriteString("remote_manifest_url", RemoteManifestUrl);
            }
            writer.WriteStartObject("validation_results");
            writer.WritePropertyName("activeManifest");
            WriteSet(writer, ActiveManifest);
            writer.WriteStartArray("ingredientDeltas");
            foreach (var delta in IngredientDeltas)
            {
                writer.WriteStartObject();
                writer.WriteString("ingredientAssertionURI", delta.IngredientAssertionUri);
                writer.WritePropertyName("validationDeltas");
                WriteSet(writer, delta.ValidationDeltas);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSet(Utf8JsonWriter writer, ValidationStatusSet set)
    {
        writer.WriteStartObject();
        WriteList(writer, "success", set.Success);
        WriteList(writer, "informational", set.Informational);
        WriteList(writer, "failure", set.Failure);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<ValidationStatus> statuses)
    {
        writer.WriteStartArray(name);
        foreach (var status in statuses)
        {
            writer.WriteStartObject();
            writer.WriteString("code", status.Code);
            if (status.Url is not null)
            {
                writer.WriteString("url", status.Url);
            }
            if (status.Explanation is not null)
            {
                writer.WriteString("explanation", status.Explanation);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
