using System.Security.Cryptography;
using System.Text.Json;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The assertion steps (spec 15.10): every hashed URI of the claim resolves inside the manifest and matches; every
/// assertion in the store is declared; CBOR and JSON content is well-formed; the manifest type's required and
/// forbidden assertions; and the actions rules.
/// </summary>
internal static class AssertionValidator
{
    public static void Validate(ValidationContext context, ManifestReport report, Claim claim)
    {
        var manifest = report.Manifest;
        var log = report.Log;
        var referenced = new HashSet<JumbfBox>(ReferenceEqualityComparer.Instance);
        var created = claim.CreatedAssertions.ToHashSet();
        foreach (var reference in claim.AllAssertions)
        {
            var absolute = ValidationContext.Absolute(manifest.Label, reference.Url);
            if (context.RedactedAssertions.Contains(absolute))
            {
                var label = absolute[(absolute.LastIndexOf('/') + 1)..];
                if (C2paLabels.IsActions(label))
                {
                    log.Failure(StatusCodes.ActionRedacted, absolute, "an actions assertion was redacted");
                }
                continue;
            }
            if (!JumbfUri.IsSelf(reference.Url))
            {
                log.Failure(StatusCodes.AssertionOutsideManifest, reference.Url, "the assertion reference points outside the asset");
                continue;
            }
            var resolved = JumbfUri.Resolve(context.Store, manifest, reference.Url);
            if (resolved is null)
            {
                log.Failure(StatusCodes.AssertionMissing, absolute, $"'{reference.Url}' is not in the manifest");
                continue;
            }
            if (!ReferenceEquals(resolved.Manifest, manifest))
            {
                log.Failure(StatusCodes.AssertionOutsideManifest, absolute, "the assertion is not in the claim's own manifest");
                continue;
            }
            var box = resolved.Box;
            var url = manifest.AssertionUri(box.Label ?? string.Empty);
            referenced.Add(box);
            var algorithmId = reference.Algorithm ?? claim.Algorithm;
            if (HashAlgorithms.FromIdentifier(algorithmId) is not { } algorithm)
            {
                log.Failure(StatusCodes.AlgorithmUnsupported, url, algorithmId is null
                    ? "neither the hashed URI nor the claim names a hash algorithm"
                    : $"hash algorithm '{algorithmId}' is not allowed");
            }
            else if (reference.Hash is not { } expected)
            {
                log.Failure(StatusCodes.AssertionHashedUriMismatch, url, "the hashed URI has no hash");
            }
            else if (JumbfHash.Compute(box, algorithm).AsSpan().SequenceEqual(expected.Span))
            {
                log.Success(StatusCodes.AssertionHashedUriMatch, url, $"hashed URI matched: {reference.Url}");
            }
            else
            {
                log.Failure(StatusCodes.AssertionHashedUriMismatch, url, $"hash of '{box.Label}' does not match the claim");
            }
            report.Assertions.Add(new DeclaredAssertion(box.Label ?? string.Empty, box, reference, ReadContent(box, url, log), created.Contains(reference)));
        }

        foreach (var assertion in manifest.Assertions)
        {
            if (!referenced.Contains(assertion))
            {
                log.Failure(StatusCodes.AssertionUndeclared, manifest.AssertionUri(assertion.Label!), $"'{assertion.Label}' is in the assertion store but not in the claim");
            }
        }
        foreach (var redacted in claim.RedactedAssertions)
        {
            var target = JumbfUri.ManifestLabelOf(redacted);
            if (target is null || target == manifest.Label)
            {
                log.Failure(StatusCodes.AssertionSelfRedacted, report.ClaimUri, $"the claim redacts its own assertion '{redacted}'");
            }
        }

        CheckManifestType(report);
        CheckActions(report, claim);
    }

    /// <summary>Decodes CBOR content (or checks JSON); malformed content is a failure and yields null.</summary>
    private static CborNode? ReadContent(JumbfBox box, string url, StatusLog log)
    {
        var content = box.Children.FirstOrDefault(c => !c.IsSuperbox);
        switch (content?.Type)
        {
            case BoxType.Cbor:
                try
                {
                    return CborTreeReader.Read(content.Payload);
                }
                catch (CborFormatException e)
                {
                    log.Failure(StatusCodes.AssertionCborInvalid, url, e.Message);
                    return null;
                }
            case BoxType.Json:
                try
                {
                    using var _ = JsonDocument.Parse(content.Payload, new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException e)
                {
                    log.Failure(StatusCodes.AssertionJsonInvalid, url, e.Message);
                }
                return null;
            default:
                return null;
        }
    }

    private static void CheckManifestType(ManifestReport report)
    {
        var log = report.Log;
        var hardBindings = report.Assertions.Where(a => C2paLabels.IsHardBinding(a.Label)).ToList();
        var ingredients = report.Assertions.Where(a => C2paLabels.IsIngredient(a.Label)).ToList();
        var parents = ingredients.Count(a => a.Cbor?.GetText("relationship") == "parentOf");
        if (report.Manifest.Kind == ManifestKind.Standard)
        {
            if (hardBindings.Count == 0)
            {
                log.Failure(StatusCodes.ClaimHardBindingsMissing, report.ClaimUri, "the claim has no hard binding assertion");
            }
            else if (hardBindings.Count > 1)
            {
                log.Failure(StatusCodes.AssertionMultipleHardBindings, report.Manifest.AssertionUri(hardBindings[1].Label), $"the claim has {hardBindings.Count} hard bindings");
            }
            if (parents > 1)
            {
                log.Failure(StatusCodes.ManifestMultipleParents, report.ClaimUri, $"{parents} ingredients are parentOf");
            }
            return;
        }
        if (ingredients.Count != 1 || parents != 1)
        {
            log.Failure(StatusCodes.ManifestUpdateWrongParents, report.ClaimUri, "an update manifest needs exactly one ingredient, a parentOf");
        }
        if (hardBindings.Count > 0 || report.Assertions.Any(a => C2paLabels.IsThumbnail(a.Label) || C2paLabels.BaseLabel(a.Label) == "c2pa.hash.multi-asset"))
        {
            log.Failure(StatusCodes.ManifestUpdateInvalid, report.ClaimUri, "an update manifest carries a hard binding or a thumbnail");
        }
        foreach (var actions in report.Assertions.Where(a => C2paLabels.IsActions(a.Label) && a.Cbor is not null))
        {
            foreach (var action in ActionsAssertion.Decode(actions.Cbor!))
            {
                if (!C2paActions.AllowedInUpdateManifest.Contains(action.Action))
                {
                    log.Failure(StatusCodes.ManifestUpdateInvalid, report.Manifest.AssertionUri(actions.Label), $"'{action.Action}' is not allowed in an update manifest");
                }
            }
        }
    }

    /// <summary>The actions rules of spec 15.10.3.2.3.</summary>
    private static void CheckActions(ManifestReport report, Claim claim)
    {
        var log = report.Log;
        var first = true;
        var hasSoftBinding = report.Assertions.Any(a => C2paLabels.BaseLabel(a.Label) == C2paLabels.SoftBinding);
        foreach (var assertion in report.Assertions.Where(a => C2paLabels.IsActions(a.Label)))
        {
            var url = report.Manifest.AssertionUri(assertion.Label);
            if (assertion.Cbor is not { } node)
            {
                first = false;
                continue;
            }
            if (!node.TryGetArray("actions", out var actions))
            {
                log.Failure(StatusCodes.ActionMalformed, url, "the actions assertion has no actions array");
                first = false;
                continue;
            }
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                if (action.GetText("action") is not { } name)
                {
                    log.Failure(StatusCodes.ActionMalformed, url, $"action {i} has no name");
                    continue;
                }
                if (name is C2paActions.Created or C2paActions.Opened && !(first && i == 0))
                {
                    log.Failure(StatusCodes.ActionMalformed, url, $"{name} is not the first action of the first actions assertion");
                }
                if (name is C2paActions.Opened or C2paActions.Placed)
                {
                    CheckIngredientReferences(report, claim, action, name, url);
                }
                if (name is C2paActions.Watermarked or C2paActions.WatermarkedBound && !hasSoftBinding)
                {
                    log.Failure(StatusCodes.ActionSoftBindingMissing, url, $"{name} without a soft-binding assertion");
                }
            }
            first = false;
        }
    }

    private static void CheckIngredientReferences(ManifestReport report, Claim claim, CborNode action, string name, string url)
    {
        var byUri = report.AssertionsByUri();
        var parameters = action["parameters"];
        var references = parameters?["ingredients"] is { IsArray: true } list ? list.Items.Select(HashedUri.From).ToList()
            : parameters?["ingredient"] is { } single ? [HashedUri.From(single)]
            : [];
        var wanted = name == C2paActions.Opened ? "parentOf" : "componentOf";
        var ok = references.Count > 0 && (name != C2paActions.Opened || references.Count == 1);
        foreach (var reference in references)
        {
            var target = reference is not null && byUri.TryGetValue(ValidationContext.Absolute(report.Manifest.Label, reference.Url), out var found)
                && C2paLabels.IsIngredient(found.Label) ? found : null;
            ok &= target?.Cbor?.GetText("relationship") == wanted && reference!.Hash is { } hash
                && HashAlgorithms.FromIdentifier(reference.Algorithm ?? claim.Algorithm) is { } algorithm
                && JumbfHash.Compute(target.Box, algorithm).AsSpan().SequenceEqual(hash.Span);
        }
        if (!ok)
        {
            report.Log.Failure(StatusCodes.ActionIngredientMismatch, url, $"{name} does not reference a matching {wanted} ingredient");
        }
    }
}
