using Provenance.Core.C2pa.Validation;
using Provenance.Core.Labeling;

namespace Provenance.Core.Verification;

/// <summary>The verdict, the label a platform must display, and the reasons for both.</summary>
/// <param name="Label">"1", "2", "3" (GB 45438 values) or null for no label.</param>
public sealed record Decision(Verdict Verdict, string VerdictReason, string? Label, string LabelReason);

/// <summary>
/// Decides the verdict (design.md) and the AIGC label (regulation.md) from the gathered evidence. Pure: no I/O,
/// so every rule is tested on its own.
/// </summary>
public static class VerdictPolicy
{
    public static Decision Decide(Evidence evidence)
    {
        var (verdict, verdictReason) = DecideVerdict(evidence);
        var (label, labelReason) = DecideLabel(evidence);
        return new Decision(verdict, verdictReason, label, labelReason);
    }

    private static (Verdict, string) DecideVerdict(Evidence e)
    {
        if (e.Manifest is { } manifest)
        {
            if (!manifest.Intact)
            {
                return (Verdict.Tampered, "The embedded manifest's integrity checks fail: "
                    + string.Join(", ", manifest.FailureCodes.Where(c => FailureClasses.Classify(c) == FailureClass.Integrity).Distinct()) + ".");
            }
            if (e.Watermark is { } mark && manifest.SoftBindingWatermarkId is { } bound &&
                !string.Equals(mark.Id, bound, StringComparison.OrdinalIgnoreCase))
            {
                return (Verdict.Tampered, $"The watermark carries ID {mark.Id} but the manifest's soft binding names {bound}.");
            }
            if (manifest.Revocation is { } revoked)
            {
                return (Verdict.Untrusted, "The manifest is intact but its signer is revoked: " + revoked);
            }
            if (!manifest.Trusted && manifest.FailureCodes.Where(c => FailureClasses.Classify(c) == FailureClass.Conformance).Distinct().ToList() is { Count: > 0 } broken)
            {
                return (Verdict.Untrusted, "The manifest's signature and hashes hold, but it breaks C2PA rules ("
                    + string.Join(", ", broken) + "), so its origin cannot be vouched for.");
            }
            if (!manifest.Trusted)
            {
                return (Verdict.Untrusted, "The manifest is intact but its signer is not trusted: " + string.Join(", ", manifest.FailureCodes) + ".");
            }
            return (Verdict.Verified, "The embedded manifest validates and its signer is trusted.");
        }

        if (e.Watermark is { } watermark)
        {
            if (watermark.Record is { } record)
            {
                if (!record.FingerprintMatches)
                {
                    return (Verdict.Tampered,
                        $"The watermark ID {watermark.Id} belongs to a stored manifest, but this content does not match the content that manifest was made for.");
                }
                if (record.Revocation is { } revoked)
                {
                    return (Verdict.Untrusted, $"The watermark ID {watermark.Id} resolves to a manifest whose signer is revoked: {revoked}");
                }
                if (!record.ManifestTrusted)
                {
                    return (Verdict.Untrusted, $"The watermark ID {watermark.Id} resolves to a stored manifest that no longer validates against the trust list.");
                }
                return (Verdict.Recovered, $"No embedded manifest; the watermark ID {watermark.Id} resolves to a stored manifest for this content.");
            }
            return (Verdict.Declared, watermark.StoreConsulted
                ? $"A watermark (ID {watermark.Id}) was detected but no stored manifest has that ID."
                : $"A watermark (ID {watermark.Id}) was detected; resolving it needs the service (--server).");
        }

        if (e.XmpLabel is not null || e.XmpDigitalSourceType is not null)
        {
            return (Verdict.Declared, "Only unsigned metadata claims (XMP) were found; nothing signed stands behind them.");
        }
        return (Verdict.Missing, "No manifest, no watermark and no provenance metadata were found.");
    }

    private static (string?, string) DecideLabel(Evidence e)
    {
        // 1. An implicit label in the metadata (signed, recovered or plain) that declares AI generation.
        var sources = new List<(AigcLabel? Label, string? SourceType, string Where)>();
        if (e.Manifest is { } manifest)
        {
            sources.Add((manifest.SignedLabel, manifest.DigitalSourceType, "the embedded C2PA manifest"));
        }
        if (e.Watermark?.Record is { FingerprintMatches: true } record)
        {
            sources.Add((record.Label, null, "the manifest recovered through the watermark"));
        }
        sources.Add((e.XmpLabel, e.XmpDigitalSourceType, "the file's XMP metadata"));

        foreach (var (label, sourceType, where) in sources)
        {
            if (label?.Label == AigcLabel.AiGenerated || DigitalSourceTypes.IsAiGenerated(sourceType))
            {
                return (AigcLabel.AiGenerated, $"The implicit label in {where} declares the content AI-generated.");
            }
        }
        foreach (var (label, _, where) in sources)
        {
            if (label is { DeclaresAi: true })
            {
                return (label.Label, $"The implicit label in {where} carries Label \"{label.Label}\".");
            }
        }
        // 2. No implicit label, but the uploader declares AI generation.
        if (e.UploaderDeclaresAi)
        {
            return (AigcLabel.PossiblyAiGenerated, "No implicit label; the uploader declares the content AI-generated.");
        }
        // 3. Neither, but traces of synthesis were detected: our watermark is only ever embedded in generated content.
        if (e.Watermark is { } watermark)
        {
            return (AigcLabel.SuspectedAiGenerated, $"No implicit label or declaration, but a generator watermark (ID {watermark.Id}) was detected.");
        }
        return (null, "No implicit label, no declaration and no detected trace of synthesis.");
    }
}
