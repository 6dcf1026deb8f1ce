using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Labeling;
using Provenance.Core.Verification;

namespace Provenance.Core.Signing;

/// <summary>Why a copy cannot be given propagation fields; the message is safe to show to the caller.</summary>
public sealed class PropagationRefusedException(string message) : Exception(message);

/// <summary>
/// Writes a distributing platform's ContentPropagator and PropagateID into the implicit label of the copy it will
/// distribute (GB 45438: platforms add them when the content is labelled "1", "2" or "3"). The XMP label is
/// updated; a copy whose embedded manifest holds gets a derived manifest recording the change (the old manifest
/// as its parentOf ingredient), because the change breaks the old hard binding. A manifest that already fails is
/// not derived from: a new signature would vouch for content nobody can vouch for.
/// </summary>
public sealed class LabelPropagator(C2paSigningCredential credential, C2paValidator validator)
{
    private readonly C2paManifestSigner _signer = new(credential, validator);

    /// <param name="verified">The upload's verification (with its hard binding checked), which decides the label.</param>
    /// <param name="platform">The platform, with its ContentPropagator code in the producer's place.</param>
    public byte[] Propagate(ReadOnlySpan<byte> upload, VerificationOutcome verified, ContentGenerator platform, string propagateId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(propagateId);
        var displayed = verified.Decision.Label
            ?? throw new PropagationRefusedException("The content carries no AI label; propagation fields belong only on labelled content.");
        var embedded = verified.Embedded;
        // Stricter than the verdict's "intact": a copy is signed only over a manifest whose failures, if any, concern its signer.
        if (embedded.HasManifest && !ManifestEvidenceReader.FailsAtMostOnItsCredential(embedded))
        {
            throw new PropagationRefusedException(
                "The embedded manifest fails validation (" + string.Join(", ", embedded.FailureCodes) + "); a copy derived from it is not signed.");
        }

        var handler = AssetHandlers.Detect(upload);
        var xmp = handler.ReadXmp(upload);
        // Keep what the producer wrote (from XMP, else the signed or recovered manifest) and add the platform's part.
        var existing = verified.XmpLabel ?? AigcLabel.TryParse(verified.Summary?.AigcLabelJson) ?? new AigcLabel { Label = displayed };
        var label = existing with { Label = displayed, ContentPropagator = platform.ContentProducer, PropagateId = propagateId };
        var labelled = handler.WriteXmp(upload, AigcMetadata.Write(xmp, label, digitalSourceType: null));
        if (!embedded.HasManifest)
        {
            return labelled;
        }
        return _signer.SignDerived(labelled, new C2paDerivedSigningRequest
        {
            Generator = platform,
            AigcLabelJson = label.ToJson(),
            Description = $"{platform.Name} added its ContentPropagator and PropagateID to the implicit label",
        }).Bytes;
    }
}
