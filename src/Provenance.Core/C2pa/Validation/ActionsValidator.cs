using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The actions rules of the validation chapter ("Validate the actions assertions"), as c2pa-rs applies them
/// (claim.rs, <c>verify_actions</c>), which is where the spec leaves room:
/// <list type="bullet">
/// <item>a claim v1 may hold one actions assertion; nothing else about its actions is checked. v1 actions name their
/// ingredients by instance id, or not at all, so the v2 reference rules below would accuse valid v1 files
/// (c2pa-rs checks them only in its opt-in strict mode);</item>
/// <item>in a claim v2 every actions assertion has a non-empty <c>actions</c> array; the first actions assertion
/// starts with <c>c2pa.created</c> or <c>c2pa.opened</c> (not required of an update manifest, so a standard
/// manifest without any actions assertion fails); no other actions assertion holds either action; created carries
/// a digitalSourceType; translated carries both languages;</item>
/// <item>opened, placed and removed name their ingredient(s) in <c>parameters.ingredient(s)</c>, and one of the
/// named ingredient assertions of this claim is parentOf (opened) or componentOf (placed, removed); transcoded and
/// repackaged, when they name ingredients, name a parentOf. The names are matched by assertion label: the hashed
/// URI's hash is not compared here (c2pa-rs: "hashed URI references are only checked to be present");</item>
/// <item>redacted names, in <c>parameters.redacted</c>, an assertion of a manifest in the store that its claim lists.</item>
/// </list>
/// </summary>
internal static class ActionsValidator
{
    public static void Validate(ValidationContext context, ManifestReport report, Claim claim)
    {
        var log = report.Log;
        var all = report.Assertions.Where(a => C2paLabels.IsActions(a.Label)).ToList();
        if (claim.Version < 2)
        {
            if (all.Count > 1)
            {
                log.Failure(StatusCodes.ActionMalformed, report.ClaimUri, "a claim v1 may hold only one actions assertion");
            }
            return;
        }

        var decoded = all.Select(a => (Assertion: a, Actions: ActionsOf(a))).ToList();
        foreach (var (assertion, actions) in decoded)
        {
            if (actions is null || actions.Count == 0)
            {
                // c2pa-rs stops the actions checks here ("failure full stop").
                log.Failure(StatusCodes.ActionMalformed, report.Manifest.AssertionUri(assertion.Label), "the actions assertion has no actions");
                return;
            }
        }

        var first = FirstActionsAssertion(decoded);
        if (first is null && report.Manifest.Kind != ManifestKind.Update)
        {
            log.Failure(StatusCodes.ActionMalformed, report.ClaimUri, "the first actions assertion must start with c2pa.created or c2pa.opened");
        }
        var ingredients = report.Assertions.Where(a => C2paLabels.IsIngredient(a.Label)).ToList();
        var hasSoftBinding = report.Assertions.Any(a => C2paLabels.BaseLabel(a.Label) == C2paLabels.SoftBinding);
        for (var index = 0; index < decoded.Count; index++)
        {
            var (assertion, actions) = decoded[index];
            var url = report.Manifest.AssertionUri(assertion.Label);
            foreach (var action in actions!)
            {
                var name = action.GetText("action") ?? string.Empty;
                if (name.Length == 0)
                {
                    log.Failure(StatusCodes.ActionMalformed, url, "an action has no name");
                }
                var opensOrCreates = name is C2paActions.Created or C2paActions.Opened;
                if (opensOrCreates && first is not null && !ReferenceEquals(first, assertion))
                {
                    log.Failure(StatusCodes.ActionMalformed, url, $"{name} outside the first actions assertion");
                }
                if (opensOrCreates && index != 0)
                {
                    log.Failure(StatusCodes.ActionMalformed, url, $"{name} in an actions assertion that is not the first");
                }
                CheckIngredientReferences(log, ingredients, action, name, url);
                CheckParameters(context, log, action, name, url);
                // Spec: a watermarking action is backed by a soft-binding assertion. c2pa-rs does not check this yet;
                // our own signer always writes both.
                if (name is C2paActions.Watermarked or C2paActions.WatermarkedBound && !hasSoftBinding)
                {
                    log.Failure(StatusCodes.ActionSoftBindingMissing, url, $"{name} without a soft-binding assertion");
                }
            }
        }
    }

    private static IReadOnlyList<CborNode>? ActionsOf(DeclaredAssertion assertion) =>
        assertion.Cbor is { } node && node.TryGetArray("actions", out var actions) ? actions : null;

    /// <summary>
    /// c2pa-rs looks at the first created actions assertion, then the first gathered one; the later one wins when both
    /// start with created or opened.
    /// </summary>
    private static DeclaredAssertion? FirstActionsAssertion(List<(DeclaredAssertion Assertion, IReadOnlyList<CborNode>? Actions)> decoded)
    {
        DeclaredAssertion? first = null;
        foreach (var group in new[] { decoded.Where(d => d.Assertion.Created), decoded.Where(d => !d.Assertion.Created) })
        {
            if (group.FirstOrDefault() is { Assertion: not null } candidate
                && candidate.Actions?.FirstOrDefault()?.GetText("action") is C2paActions.Created or C2paActions.Opened)
            {
                first = candidate.Assertion;
            }
        }
        return first;
    }

    private static void CheckIngredientReferences(StatusLog log, List<DeclaredAssertion> ingredients, CborNode action, string name, string url)
    {
        var parameters = action["parameters"];
        // As c2pa-rs: the single v1-style "ingredient" first, else the "ingredients" list.
        var references = parameters?["ingredient"] is { } single ? [HashedUri.From(single)]
            : parameters?["ingredients"] is { IsArray: true } list ? list.Items.Select(HashedUri.From).ToList()
            : null;
        string? wanted;
        switch (name)
        {
            case C2paActions.Opened or C2paActions.Placed or C2paActions.Removed:
                wanted = name == C2paActions.Opened ? "parentOf" : "componentOf";
                if (references is null || references.Count == 0)
                {
                    log.Failure(StatusCodes.ActionIngredientMismatch, url, $"{name} names no ingredient");
                    return;
                }
                break;
            case C2paActions.Transcoded or C2paActions.Repackaged when references is not null:
                wanted = "parentOf";
                break;
            default:
                return;
        }
        var named = references.Select(r => r?.Url is { } u ? u[(u.LastIndexOf('/') + 1)..] : null).ToHashSet();
        if (!ingredients.Any(i => named.Contains(i.Label) && i.Cbor?.GetText("relationship") == wanted))
        {
            log.Failure(StatusCodes.ActionIngredientMismatch, url, $"{name} does not name a {wanted} ingredient of this claim");
        }
    }

    private static void CheckParameters(ValidationContext context, StatusLog log, CborNode action, string name, string url)
    {
        var parameters = action["parameters"];
        switch (name)
        {
            case C2paActions.Created when action.GetText("digitalSourceType") is null:
                log.Failure(StatusCodes.ActionMalformed, url, "c2pa.created has no digitalSourceType");
                break;
            case C2paActions.Translated when string.IsNullOrEmpty(parameters?.GetText("sourceLanguage")) || string.IsNullOrEmpty(parameters?.GetText("targetLanguage")):
                log.Failure(StatusCodes.ActionMalformed, url, "c2pa.translated needs sourceLanguage and targetLanguage");
                break;
            case C2paActions.Redacted when parameters is not null:
                CheckRedaction(context, log, parameters.GetText("redacted"), url);
                break;
        }
    }

    private static void CheckRedaction(ValidationContext context, StatusLog log, string? redacted, string url)
    {
        var target = redacted is not null && JumbfUri.ManifestLabelOf(redacted) is { } label ? context.Store.Find(label) : null;
        if (redacted is null || target is null || target.ClaimBoxes.Count == 0)
        {
            log.Failure(StatusCodes.ActionRedactionMismatch, url, "c2pa.redacted does not name an assertion of a manifest in the store");
            return;
        }
        var assertion = redacted[(redacted.LastIndexOf('/') + 1)..];
        bool listed;
        try
        {
            listed = Claim.Parse(target.ClaimBoxes[0]).AllAssertions.Any(a => a.Url.Contains(assertion, StringComparison.Ordinal));
        }
        catch (ManifestException)
        {
            listed = false;
        }
        if (!listed)
        {
            log.Failure(StatusCodes.AssertionNotRedacted, url, $"the redacted assertion '{assertion}' is not one its claim lists");
        }
    }
}
