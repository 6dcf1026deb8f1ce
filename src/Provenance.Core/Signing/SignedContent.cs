using Provenance.Core.Formats;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Signing;

/// <summary>A signed file and what the store keeps of it.</summary>
/// <param name="Bytes">The signed file: watermarked pixels, AIGC XMP, C2PA manifest store.</param>
/// <param name="ManifestId">The active manifest's label (urn:c2pa:...), also the AIGC ProduceID.</param>
/// <param name="ContentHash">SHA-256 of <paramref name="Bytes"/>, lower-case hex.</param>
/// <param name="Fingerprint">Perceptual fingerprint of the watermarked pixels.</param>
/// <param name="ManifestStore">The embedded manifest store (JUMBF).</param>
/// <param name="ManifestJson">The active manifest as JSON.</param>
/// <param name="WatermarkPsnrDb">PSNR of the watermarked pixels against the decoded input.</param>
/// <param name="SignerThumbprint">SHA-256 of the signing certificate, lower-case hex.</param>
/// <param name="ExplicitLabel">Where the visible label was drawn, when one was asked for.</param>
public sealed record SignedContent(
    byte[] Bytes,
    AssetFormat Format,
    string MimeType,
    string ManifestId,
    ulong WatermarkId,
    string ContentHash,
    byte[] Fingerprint,
    byte[] ManifestStore,
    string ManifestJson,
    double WatermarkPsnrDb,
    string SignerThumbprint,
    DrawnLabel? ExplicitLabel = null)
{
    /// <summary>The watermark ID as written everywhere outside the pixels: 16 lower-case hex digits.</summary>
    public string WatermarkIdHex => WatermarkIds.Format(WatermarkId);
}
