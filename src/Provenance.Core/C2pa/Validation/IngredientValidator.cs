using Provenance.Core.C2pa.Model;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The ingredient steps (spec 15.11): each ingredient assertion is well-formed, its manifest (when it has one) is in
/// the store and matches the hash recorded for it, and that manifest is validated in turn. What the ingredient's
/// manifest yields now but no ingredient in the store recorded when it was made becomes its validation delta.
/// </summary>
internal static class IngredientValidator
{
    private static readonly HashSet<string> Relationships = ["parentOf", "componentOf", "inputTo"];

    /// <summary>Validates the ingredients of <paramref name="report"/>; returns the parent manifest's report for an update manifest.</summary>
    public static ManifestReport? Validate(ValidationContext context, ManifestReport report, Claim claim, int depth,
        Func<ManifestBox, int, ManifestReport> validateManifest)
    {
        ManifestReport? parent = null;
        var redactedManifests = context.RedactedAssertions.Select(JumbfUri.ManifestLabelOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var ingredient in report.Assertions.Where(a => C2paLabels.IsIngredient(a.Label)))
        {
            var url = report.Manifest.AssertionUri(ingredient.Label);
            if (ingredient.Cbor is not { } node)
            {
                continue;
            }
            var relationship = node.GetText("relationship");
            if (relationship is null || !Relationships.Contains(relationship))
            {
                report.Log.Failure(StatusCodes.AssertionIngredientMalformed, url, $"relationship '{relationship ?? "(none)"}' is not parentOf, componentOf or inputTo");
                continue;
            }
            var isV3 = C2paLabels.BaseLabel(ingredient.Label) == C2paLabels.IngredientV3;
            var manifestReference = HashedUri.From(node["activeManifest"] ?? node["c2pa_manifest"]);
            if (node["activeManifest"] is not null && node["digitalSourceType"] is not null)
            {
                report.Log.Failure(StatusCodes.AssertionIngredientMalformed, url, "an ingredient has both activeManifest and digitalSourceType");
            }
            var delta = new StatusLog();
            if (manifestReference is null)
            {
                report.Ingredients.Add(new IngredientReport(node.GetText("dc:title"), relationship, node.GetText("dc:format"), null, null));
                if (relationship != "inputTo")
                {
                    delta.Info(StatusCodes.IngredientUnknownProvenance, url, $"{node.GetText("dc:title") ?? ingredient.Label}: the ingredient has no manifest");
                }
                AddDelta(context, report, url, delta);
                continue;
            }
            if (isV3 && node["validationResults"] is null)
            {
                report.Log.Failure(StatusCodes.AssertionIngredientMalformed, url, "a v3 ingredient with a manifest records no validationResults");
            }
            // The reference names a manifest by its label; c2pa-rs looks the manifest up by that label whatever box
            // the rest of the URI points at (an update manifest written by c2pa-rs's tests points at the parent's
            // claim box, "/c2pa/<label>/c2pa.claim"), and the hash below decides whether it is the right one.
            var manifestLabel = JumbfUri.ManifestLabelOf(manifestReference.Url);
            if (manifestLabel is null || context.Store.Find(manifestLabel) is not { } ingredientManifest)
            {
                report.Ingredients.Add(new IngredientReport(node.GetText("dc:title"), relationship, node.GetText("dc:format"),
                    manifestLabel, null));
                // On the manifest that lists the ingredient, not in an ingredient delta: there is no ingredient manifest
                // whose validation could differ from what was recorded (both c2pa-rs builds report it so, on
                // adobe-20220124-E-clm-CAICAI.jpg of the C2PA public test files).
                report.Log.Failure(StatusCodes.IngredientManifestMissing, url, $"'{manifestReference.Url}' is not in the manifest store");
                continue;
            }
            var redactedHere = redactedManifests.Contains(ingredientManifest.Label);
            if (redactedHere)
            {
                // Redaction changes the manifest box, so only the claim signature's hash still holds (15.11.3.3.1).
                CheckHash(HashedUri.From(node["claimSignature"]), ingredientManifest.SignatureBox, claim, manifestReference.Url, delta,
                    StatusCodes.IngredientClaimSignatureValidated, StatusCodes.IngredientClaimSignatureMismatch, StatusCodes.IngredientClaimSignatureMissing);
            }
            else if (!MatchesLegacyClaimHash(manifestReference, ingredientManifest, claim))
            {
                CheckHash(manifestReference, ingredientManifest.Box, claim, manifestReference.Url, delta,
                    StatusCodes.IngredientManifestValidated, StatusCodes.IngredientManifestMismatch, StatusCodes.IngredientManifestMissing);
            }
            if (depth < ValidationContext.MaxIngredientDepth && !context.InProgress.Contains(ingredientManifest.Label))
            {
                var ingredientReport = validateManifest(ingredientManifest, depth + 1);
                report.Ingredients.Add(new IngredientReport(node.GetText("dc:title"), relationship, node.GetText("dc:format"),
                    ingredientManifest.Label, ingredientReport));
                delta.AddRange(ingredientReport.Log);
                AddDelta(context, report, url, delta);
                report.IngredientDeltas.AddRange(ingredientReport.IngredientDeltas);
                if (relationship == "parentOf")
                {
                    parent = ingredientReport;
                }
            }
            else
            {
                report.Ingredients.Add(new IngredientReport(node.GetText("dc:title"), relationship, node.GetText("dc:format"),
                    ingredientManifest.Label, null));
                delta.Failure(StatusCodes.GeneralError, url, "ingredient manifests nest too deeply or form a cycle");
                AddDelta(context, report, url, delta);
            }
        }
        return parent;
    }

    /// <summary>
    /// Ingredients written before spec 1.3 hashed the ingredient's claim (its CBOR), not its manifest box. c2pa-rs
    /// accepts that form when the manifest-box hash does not match, and then reports neither a match nor a mismatch
    /// (store.rs, "try legacy hash"); so do we.
    /// </summary>
    private static bool MatchesLegacyClaimHash(HashedUri reference, ManifestBox ingredient, Claim claim)
    {
        if (reference.Hash is not { } expected || HashAlgorithms.FromIdentifier(reference.Algorithm ?? claim.Algorithm) is not { } algorithm
            || ingredient.ClaimBoxes.Count != 1 || ingredient.ClaimBoxes[0].Children.FirstOrDefault(c => !c.IsSuperbox) is not { } content)
        {
            return false;
        }
        if (JumbfHash.Compute(ingredient.Box, algorithm).AsSpan().SequenceEqual(expected.Span))
        {
            return false; // the current form matches: CheckHash reports it
        }
        return JumbfHash.Compute(content.Payload.Span, algorithm).AsSpan().SequenceEqual(expected.Span);
    }

    /// <param name="url">The status URL: the ingredient's manifest reference, as c2pa-rs names it for these codes.</param>
    private static void CheckHash(HashedUri? reference, JumbfBox? box, Claim claim, string url, StatusLog delta, string match, string mismatch, string missing)
    {
        if (reference is null || box is null)
        {
            delta.Failure(missing, url, "the ingredient's referenced box is missing");
            return;
        }
        var algorithmId = reference.Algorithm ?? claim.Algorithm;
        if (HashAlgorithms.FromIdentifier(algorithmId) is not { } algorithm)
        {
            delta.Failure(StatusCodes.AlgorithmUnsupported, url, $"hash algorithm '{algorithmId ?? "(none)"}' is not allowed");
            return;
        }
        if (reference.Hash is { } expected && JumbfHash.Compute(box, algorithm).AsSpan().SequenceEqual(expected.Span))
        {
            delta.Success(match, url, "the ingredient's manifest matches its recorded hash");
        }
        else
        {
            delta.Failure(mismatch, url, "the ingredient's manifest does not match its recorded hash");
        }
    }

    /// <summary>
    /// Adds what c2pa-rs reports for one ingredient: the statuses its manifest yields now, less those any ingredient
    /// assertion in the store recorded when it was made (except statuses about the active manifest itself); no entry
    /// at all when nothing remains.
    /// </summary>
    private static void AddDelta(ValidationContext context, ManifestReport report, string ingredientUrl, StatusLog found)
    {
        var activeLabel = context.Store.Active?.Label;
        var delta = new StatusLog();
        foreach (var (kind, status) in found.Entries)
        {
            var url = status.Url ?? string.Empty;
            if (JumbfUri.ManifestLabelOf(url) == activeLabel || !context.RecordedIngredientStatuses.Contains((status.Code, url)))
            {
                delta.Add(kind, status.Code, status.Url, status.Explanation);
            }
        }
        if (delta.Entries.Any())
        {
            report.IngredientDeltas.Add(new IngredientDelta(ingredientUrl, delta.ToSet()));
        }
    }
}
