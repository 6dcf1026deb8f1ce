using System.Formats.Cbor;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// The <c>c2pa.ingredient.v3</c> assertion for an ingredient whose manifest is in the same store (spec
/// "Ingredient"): its relationship, the hashed URIs of its active manifest and of that manifest's claim signature,
/// and the validation results it had when it was ingested, which later validations compare against to report deltas.
/// </summary>
internal static class IngredientAssertion
{
    public const string ParentOf = "parentOf";

    /// <summary>What the assertion records about one ingredient.</summary>
    public sealed record Contents(
        string Title,
        string Format,
        string? InstanceId,
        string Relationship,
        HashedUri ActiveManifest,
        HashedUri ClaimSignature,
        ValidationStatusSet ValidationResults,
        IReadOnlyList<IngredientDelta> IngredientDeltas);

    public static byte[] Encode(Contents ingredient)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(ingredient.InstanceId is null ? 6 : 7);
        writer.WriteTextString("dc:title");
        writer.WriteTextString(ingredient.Title);
        writer.WriteTextString("dc:format");
        writer.WriteTextString(ingredient.Format);
        if (ingredient.InstanceId is not null)
        {
            writer.WriteTextString("instanceID");
            writer.WriteTextString(ingredient.InstanceId);
        }
        writer.WriteTextString("relationship");
        writer.WriteTextString(ingredient.Relationship);
        writer.WriteTextString("activeManifest");
        ingredient.ActiveManifest.WriteTo(writer);
        writer.WriteTextString("claimSignature");
        ingredient.ClaimSignature.WriteTo(writer);
        writer.WriteTextString("validationResults");
        WriteValidationResults(writer, ingredient.ValidationResults, ingredient.IngredientDeltas);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A validation-results-map: the active manifest's status-codes-map and, when there are any, the ingredient deltas.</summary>
    private static void WriteValidationResults(CborWriter writer, ValidationStatusSet active, IReadOnlyList<IngredientDelta> deltas)
    {
        writer.WriteStartMap(deltas.Count == 0 ? 1 : 2);
        writer.WriteTextString("activeManifest");
        WriteStatusCodes(writer, active);
        if (deltas.Count > 0)
        {
            writer.WriteTextString("ingredientDeltas");
            writer.WriteStartArray(deltas.Count);
            foreach (var delta in deltas)
            {
                writer.WriteStartMap(2);
                writer.WriteTextString("ingredientAssertionURI");
                writer.WriteTextString(delta.IngredientAssertionUri);
                writer.WriteTextString("validationDeltas");
                WriteStatusCodes(writer, delta.ValidationDeltas);
                writer.WriteEndMap();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
    }

    private static void WriteStatusCodes(CborWriter writer, ValidationStatusSet set)
    {
        writer.WriteStartMap(3);
        foreach (var (name, statuses) in new[] { ("success", set.Success), ("informational", set.Informational), ("failure", set.Failure) })
        {
            writer.WriteTextString(name);
            writer.WriteStartArray(statuses.Count);
            foreach (var status in statuses)
            {
                writer.WriteStartMap(1 + (status.Url is null ? 0 : 1) + (status.Explanation is null ? 0 : 1));
                writer.WriteTextString("code");
                writer.WriteTextString(status.Code);
                if (status.Url is not null)
                {
                    writer.WriteTextString("url");
                    writer.WriteTextString(status.Url);
                }
                if (status.Explanation is not null)
                {
                    writer.WriteTextString("explanation");
                    writer.WriteTextString(status.Explanation);
                }
                writer.WriteEndMap();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
    }
}
