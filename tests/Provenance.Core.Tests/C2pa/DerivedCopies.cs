using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Labeling;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// A distributing platform's copy of a signed file, made the way the service makes it: the GB 45438 propagator
/// fields are written into the XMP label (AigcMetadata.Write), then a derived manifest is signed over the result.
/// </summary>
internal static class DerivedCopies
{
    public static readonly ContentGenerator Platform = new("Example Platform", "Example Platform Ltd", "PLATFORM-042");

    /// <summary>The label the generator signed (C2paTestKit.AigcJson) with a platform's propagator fields filled in.</summary>
    public static AigcLabel Propagated(string propagator, string propagateId) =>
        AigcLabel.TryParse(C2paTestKit.AigcJson)! with { ContentPropagator = propagator, PropagateId = propagateId };

    /// <summary><paramref name="asset"/> with <paramref name="label"/> written into its XMP, every other byte kept.</summary>
    public static byte[] WithLabel(byte[] asset, AigcLabel label)
    {
        var handler = AssetHandlers.Detect(asset);
        return handler.WriteXmp(asset, AigcMetadata.Write(handler.ReadXmp(asset), label, DigitalSourceTypes.TrainedAlgorithmicMedia));
    }

    public static C2paDerivedSigningRequest Request(AigcLabel label, ContentGenerator? platform = null) => new()
    {
        Generator = platform ?? Platform,
        AigcLabelJson = label.ToJson(),
        Description = "ContentPropagator and PropagateID written into the AIGC implicit label",
    };

    /// <summary>A signer for derived manifests whose parent validator trusts keys-example (or <paramref name="parentValidator"/>).</summary>
    public static C2paManifestSigner Signer(C2paSigningCredential credential, C2paValidator? parentValidator = null) =>
        new(credential, parentValidator ?? C2paTestKit.ExampleValidator());

    /// <summary>The platform's copy of <paramref name="signed"/>: propagator fields in XMP, a derived manifest signed with keys-example.</summary>
    public static C2paSignedAsset Derive(byte[] signed, string propagator = "PLATFORM-042", string propagateId = "P-0001")
    {
        using var credential = C2paTestKit.ExampleCredential();
        var label = Propagated(propagator, propagateId);
        return Signer(credential).SignDerived(WithLabel(signed, label), Request(label));
    }
}
