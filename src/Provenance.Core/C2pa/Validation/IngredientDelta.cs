namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// For one ingredient assertion, the validation results of its manifest that differ from what the ingredient
/// assertion recorded when it was made (spec "ingredient-delta-validation-result-map").
/// </summary>
public sealed record IngredientDelta(string IngredientAssertionUri, ValidationStatusSet ValidationDeltas);
