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
        ActionsValidator.Validate(context, report, claim);
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

    /// <summary>
    /// What the manifest's type requires of its assertions. The hard-binding count is not checked here: only the
    /// manifest that binds the asset needs one (<see cref="ManifestValidator"/>), as in c2pa-rs; an ingredient's
    /// manifest was bound to the ingredient, not to this asset. For update manifests c2pa-rs's reading is followed
    /// where the spec leaves room: no parentOf is <c>manifest.update.wrongParents</c>, more than one is
    /// <c>manifest.update.invalid</c>, other ingredients are allowed. Thumbnails are refused as the spec says (c2pa-rs
    /// refuses only more than one).
    /// </summary>
    private static void CheckManifestType(ManifestReport report)
    {
        var log = report.Log;
        var parents = report.Assertions.Count(a => C2paLabels.IsIngredient(a.Label) && a.Cbor?.GetText("relationship") == "parentOf");
        if (report.Manifest.Kind == ManifestKind.Standard)
        {
            if (parents > 1)
            {
                log.Failure(StatusCodes.ManifestMultipleParents, report.ClaimUri, $"{parents} ingredients are parentOf");
            }
            return;
        }
        if (parents == 0)
        {
            log.Failure(StatusCodes.ManifestUpdateWrongParents, report.ClaimUri, "an update manifest needs a parentOf ingredient");
        }
        else if (parents > 1)
        {
            log.Failure(StatusCodes.ManifestUpdateInvalid, report.ClaimUri, $"an update manifest has {parents} parentOf ingredients");
        }
        if (report.Assertions.Any(a => C2paLabels.IsHardBinding(a.Label) || C2paLabels.IsThumbnail(a.Label) || C2paLabels.BaseLabel(a.Label) == "c2pa.hash.multi-asset"))
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
}
