using Provenance.Core.Formats;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;

namespace Provenance.Core.Signing;

/// <summary>A signed file and what the store keeps of it.</summary>
/// <param name="Bytes">The signed file: watermarked pixels, AIGC XMP, C2PA manifest store.</param>
/// <param name="ManifestId">The active manifest's label (urn:c2pa:...), also the AIGC ProduceID.</param>
/// <param name="ContentHash">SHA-256 of <paramref name="Bytes"/>, lower-case hex.</param>
/// <param name="Fingerprint">Perceptual fingerprint of the watermarked pixels.</param>
/// <param name="ManifestStore">The embedded manifest store (JUMBF).</param>
/// <param name="ManifestJson">The active manifest as JSON.</param>
/// <param name="WatermarkId">The ID drawn for this file; in the pixels unless <see cref="WatermarkOmittedReason"/> says
/// otherwise (the store keeps it either way, so IDs stay unique).</param>
/// <param name="WatermarkPsnrDb">PSNR of the watermarked pixels against the decoded input; 0 when no watermark was
/// embedded.</param>
/// <param name="SignerThumbprint">SHA-256 of the signing certificate, lower-case hex.</param>
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
    string SignerThumbprint)
{
    /// <summary>The watermark ID as written everywhere outside the pixels: 16 lower-case hex digits.</summary>
    public string WatermarkIdHex => WatermarkIds.Format(WatermarkId);

    /// <summary>
    /// Why the pixels carry no watermark (the image is under <see cref="Watermarker.MinShortSide"/> pixels on its
    /// shorter side, or the mark did not read back from the encoded file), or null when they carry one. The same
    /// text is the description of the manifest's <c>c2pa.created</c> action.
    /// </summary>
    public string? WatermarkOmittedReason { get; init; }

    /// <summary>Where the visible label was drawn, when one was asked for (stored pixels).</summary>
    public DrawnLabel? ExplicitLabel { get; init; }

    /// <summary>Which audible label was played before an audio file's content, and its time span, when one was asked for.</summary>
    public PlayedLabel? AudibleLabel { get; init; }

    /// <summary>True when a signed clip's audio track carries <see cref="WatermarkId"/> as well as its frames.</summary>
    public bool AudioTrackWatermarked { get; init; }

    /// <summary>Why a signed clip's audio track does not carry the mark (too short, silent, a codec not re-encoded here, or it did not read back); null when it does or the clip has no audio.</summary>
    public string? AudioTrackWatermarkOmittedReason { get; init; }

    /// <summary>True when <see cref="WatermarkId"/> is in the pixels.</summary>
    public bool Watermarked => WatermarkOmittedReason is null;
}
