using Provenance.Core.C2pa.Model;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// Validates one manifest in the order of spec chapter 15: claim, signature (with time-stamp, credential and trust),
/// assertions, identity assertions, ingredients (recursively), and, for the active manifest, the hard binding to the
/// asset's bytes (through the parentOf chain for an update manifest).
/// </summary>
internal static class ManifestValidator
{
    public static ManifestReport Validate(ValidationContext context, ManifestBox manifest, AssetBinding? binding, int depth)
    {
        var report = new ManifestReport(manifest);
        context.InProgress.Add(manifest.Label);
        try
        {
            Run(context, report, binding, depth);
        }
        finally
        {
            context.InProgress.Remove(manifest.Label);
        }
        return report;
    }

    private static void Run(ValidationContext context, ManifestReport report, AssetBinding? binding, int depth)
    {
        var manifest = report.Manifest;
        var log = report.Log;
        if (manifest.ClaimBoxes.Count == 0)
        {
            log.Failure(StatusCodes.ClaimMissing, manifest.Uri, "the manifest has no claim box");
            return;
        }
        if (manifest.ClaimBoxes.Count > 1)
        {
            log.Failure(StatusCodes.ClaimMultiple, manifest.Uri, $"the manifest has {manifest.ClaimBoxes.Count} claim boxes");
            return;
        }
        Claim claim;
        try
        {
            claim = Claim.Parse(manifest.ClaimBoxes[0]);
        }
        catch (ManifestException e)
        {
            log.Failure(e.StatusCode, report.ClaimUri, e.Message);
            return;
        }
        report.Claim = claim;
        foreach (var redacted in claim.RedactedAssertions)
        {
            context.RedactedAssertions.Add(ValidationContext.Absolute(manifest.Label, redacted));
        }

        SignatureValidator.Validate(context, report, claim);
        if (context.StopAtFirstFailure && log.HasHardFailure)
        {
            return;
        }
        AssertionValidator.Validate(context, report, claim);
        IdentityAssertionValidator.Validate(context, report, claim);
        if (context.StopAtFirstFailure && log.HasHardFailure)
        {
            return;
        }
        report.Parent = IngredientValidator.Validate(context, report, claim, depth, (m, d) => Validate(context, m, null, d));

        if (depth == 0)
        {
            ValidateContentBinding(report, binding);
        }
    }

    /// <summary>
    /// The hard binding of the manifest that binds the asset: the active manifest, or for an update manifest the
    /// standard manifest its parentOf chain reaches (c2pa-rs's "binding claim"). Only that manifest must have exactly
    /// one hard binding; update manifests have none by definition, and ingredients' manifests were bound to their
    /// own assets. Without <paramref name="binding"/> (a store validated on its own) the count is still checked but
    /// no bytes are hashed.
    /// </summary>
    private static void ValidateContentBinding(ManifestReport active, AssetBinding? binding)
    {
        var log = active.Log;
        var standard = active;
        var throughUpdates = false;
        while (standard.Manifest.Kind == ManifestKind.Update)
        {
            throughUpdates = true;
            if (standard.Parent is not { } parent)
            {
                // An update manifest without a parentOf already failed manifest.update.wrongParents; one whose
                // parentOf has no manifest leaves nothing that binds the asset.
                if (!standard.Log.Has(StatusCodes.ManifestUpdateWrongParents))
                {
                    log.Failure(StatusCodes.ClaimHardBindingsMissing, active.ClaimUri, "the update manifest's parent chain reaches no standard manifest");
                }
                return;
            }
            // The parent of an update manifest is surfaced, not merely listed as an ingredient delta.
            foreach (var (kind, status) in parent.Log.Entries.Where(e => e.Kind == StatusKind.Failure))
            {
                log.Add(kind, status.Code, status.Url, status.Explanation);
            }
            standard = parent;
        }
        if (standard.Claim is null)
        {
            return;
        }
        var hardBindings = standard.Assertions.Where(a => C2paLabels.IsHardBinding(a.Label)).ToList();
        if (hardBindings.Count == 0)
        {
            // c2pa-rs also adds assertion.multipleHardBindings here (its count test is "!= 1"); the spec names only this code.
            log.Failure(StatusCodes.ClaimHardBindingsMissing, standard.ClaimUri, "the claim that binds the asset has no hard binding assertion");
            return;
        }
        if (hardBindings.Count > 1)
        {
            log.Failure(StatusCodes.AssertionMultipleHardBindings, standard.Manifest.AssertionUri(hardBindings[1].Label), $"the claim has {hardBindings.Count} hard bindings");
        }
        if (binding is null)
        {
            return;
        }
        foreach (var hardBinding in hardBindings)
        {
            if (C2paLabels.BaseLabel(hardBinding.Label) == C2paLabels.DataHash)
            {
                DataHashValidator.Validate(hardBinding, standard.Claim, standard.Manifest, binding, log, throughUpdates);
            }
            else if (C2paLabels.BaseLabel(hardBinding.Label) is C2paLabels.BmffHash or C2paLabels.BmffHashV2 or C2paLabels.BmffHashV3)
            {
                BmffHashValidator.Validate(hardBinding, standard.Claim, standard.Manifest, binding, log);
            }
            else
            {
                log.Failure(StatusCodes.GeneralError, standard.Manifest.AssertionUri(hardBinding.Label),
                    $"hard binding '{hardBinding.Label}' is not supported by this validator");
            }
        }
    }
}
