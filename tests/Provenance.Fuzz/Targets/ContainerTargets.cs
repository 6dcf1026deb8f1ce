using Provenance.Core.Formats;
using Provenance.Core.Imaging;

namespace Provenance.Fuzz.Targets;

/// <summary>
/// The JPEG, PNG and WebP handlers (segments, chunks, the C2PA store, XMP, EXIF/ICC/IPTC, the edits Sign and
/// SignDerived make to an upload) and the codecs' header paths; "decode" adds the native pixel decode.
/// </summary>
internal static class ContainerTargets
{
    public static void Container(byte[] data) => Refusal.AllowMedia(() =>
    {
        var handler = AssetHandlers.Open(data, FuzzLimits.Media);
        handler.ListBlocks(data);
        if (handler.ReadManifestStore(data) is not null)
        {
            handler.FindManifestStoreRange(data);
        }
        var xmp = handler.ReadXmp(data);
        handler.ReadMetadata(data);
        var withoutStore = handler.RemoveManifestStore(data);
        handler.PlanManifestStore(withoutStore, 1000);
        handler.WriteXmp(data, xmp ?? "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
        handler.RemoveXmp(data);
        ImageCodec.ReadInfo(data, FuzzLimits.Media);
    });

    public static void Decode(byte[] data) => Refusal.AllowMedia(() =>
    {
        using var decoded = LumaDecodedImage.DecodeIntact(data, FuzzLimits.Media);
    });
}
