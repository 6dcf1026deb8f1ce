using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Testing.Media;

/// <summary>
/// What happens to files between Sign and Verify, made with the project's own imaging and format APIs: an upload
/// pipeline re-encoding without metadata, an editor changing pixels under the original manifest, someone writing
/// an unsigned AIGC label, a forger stamping another file's watermark ID. Shared by the Core pipeline tests and
/// the end-to-end tests of the service and the CLI, so that every layer is tested on the same edits.
/// </summary>
internal static class MediaEdits
{
    /// <summary>The pixels decoded and encoded again with <paramref name="settings"/> and no metadata at all.</summary>
    public static byte[] ReEncode(byte[] media, EncodeSettings settings)
    {
        using var decoded = ImageCodec.Decode(media);
        return ImageCodec.Encode(decoded.Frame, settings);
    }

    /// <summary>
    /// A grey block painted over the top-left corner, re-encoded the way the file was with its metadata, and the
    /// file's original C2PA manifest store put back: the manifest now describes pixels the file no longer has.
    /// </summary>
    public static byte[] PaintBlockUnderOriginalManifest(byte[] signed, int blockSize = 64)
    {
        var handler = AssetHandlers.Detect(signed);
        var store = handler.ReadManifestStore(signed) ?? throw new ArgumentException("The file has no manifest store to keep.", nameof(signed));
        using var decoded = ImageCodec.Decode(signed);
        var frame = decoded.Frame;
        for (var y = 0; y < Math.Min(blockSize, frame.Height); y++)
        {
            frame.Row(y)[..(Math.Min(blockSize, frame.Width) * frame.BytesPerPixel)].Fill(128);
        }
        var edited = ImageCodec.Encode(frame, decoded.Info.SourceSettings, handler.ReadMetadata(signed));
        return handler.ReplaceManifestStore(edited, store);
    }

    /// <summary>The file with a GB 45438 implicit label (Label "1") and the IPTC AI source type written into its XMP, unsigned.</summary>
    public static byte[] WithUnsignedAigcLabel(byte[] media, string contentProducer)
    {
        var handler = AssetHandlers.Detect(media);
        var label = new AigcLabel { Label = AigcLabel.AiGenerated, ContentProducer = contentProducer };
        return handler.WriteXmp(media, AigcMetadata.Write(handler.ReadXmp(media), label, DigitalSourceTypes.TrainedAlgorithmicMedia));
    }

    /// <summary>
    /// What a forger holding the watermark key can make: <paramref name="photo"/>'s pixels marked with another file's
    /// watermark <paramref name="id"/>, encoded with no metadata (no manifest, no label to contradict the mark).
    /// </summary>
    public static byte[] MarkedWith(byte[] photo, Watermarker watermarker, ulong id, EncodeSettings settings)
    {
        using var decoded = ImageCodec.Decode(photo);
        watermarker.Embed(decoded.Frame, id);
        return ImageCodec.Encode(decoded.Frame, settings);
    }

    /// <summary>The pixels scaled by <paramref name="factor"/> and encoded with no metadata (e.g. to make a file above a size limit).</summary>
    public static byte[] Scaled(byte[] media, double factor, EncodeSettings settings)
    {
        using var decoded = ImageCodec.Decode(media);
        using var scaled = Resize.Apply(decoded.Frame, (int)(decoded.Frame.Width * factor), (int)(decoded.Frame.Height * factor));
        return ImageCodec.Encode(scaled, settings);
    }
}
