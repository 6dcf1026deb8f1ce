namespace Provenance.Core.C2pa.Validation;

/// <summary>An ingredient of a manifest: what its assertion says, and its own manifest's summary when that was validated.</summary>
/// <param name="Title">The ingredient's dc:title, when given.</param>
/// <param name="Relationship">parentOf, componentOf or inputTo.</param>
/// <param name="Format">The ingredient's dc:format (a MIME type), when given.</param>
/// <param name="ManifestLabel">The label of the ingredient's manifest, when the ingredient names one.</param>
/// <param name="Manifest">That manifest's summary, when it was found in the store and validated.</param>
public sealed record IngredientSummary(string? Title, string Relationship, string? Format, string? ManifestLabel, ManifestSummary? Manifest);
