using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;

namespace Provenance.Fuzz.Targets;

/// <summary>
/// The in-memory audio handlers (WAV's RIFF chunks; the ID3v2 tag of MP3 and FLAC and FLAC's metadata blocks): every
/// read and edit Sign and Verify make, and the validator over the whole file.
/// </summary>
internal static class AudioTargets
{
    private static readonly Lazy<C2paValidator> Validator = new(() =>
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = FuzzKeys.TrustAnchorsPem }));

    public static void Audio(byte[] data) => Refusal.AllowMedia(() =>
    {
        if (AssetHandlers.DetectFormat(data) is not IAssetHandler { Kind: MediaKind.Audio } handler)
        {
            return;
        }
        handler.ListBlocks(data);
        if (handler.ReadManifestStore(data) is not null)
        {
            handler.FindManifestStoreRange(data);
        }
        var xmp = handler.ReadXmp(data);
        var withoutStore = handler.RemoveManifestStore(data);
        handler.PlanManifestStore(withoutStore, 1000);
        var labelled = handler.WriteXmp(data, xmp ?? "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
        handler.RemoveXmp(data);
        if (handler is IAigcTextCarrier text)
        {
            text.ReadAigcText(data);
            text.WriteAigcText(labelled, "{\"AIGC\":{}}");
        }
        Refusal.ThrowIfValidationStopped(Validator.Value.Validate(data));
    });
}
