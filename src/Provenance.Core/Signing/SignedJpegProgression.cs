namespace Provenance.Core.Signing;

/// <summary>
/// When Sign pays for coding its JPEG progressively (<see cref="Imaging.EncodeSettings.SmallerProgressionAbove"/>):
/// only when the signed file, coded baseline, would be over the median growth, <see cref="GrowthTarget"/>
/// times the input. The lossless transcode to progressive costs more CPU than the encode itself, and it saves bytes
/// for about four signed photos in five (up to 8%; docs/watermark.md, "Progression and metadata"). A file within
/// the target needs no saving; the files over it are the ones that decide the median, and once transcoded most of
/// them fall under it. A file whose mark was shaped is left baseline: the shaper holds it at its own budget, above
/// the median either way. Measured on the two growth sets of docs/watermark.md (bench jpeg-growth): the median is
/// 1.067 on both where transcoding every file gave 1.060 and 1.059 (none: 1.082 and 1.074), and the maximum,
/// home@q95, shaped, is 1.284 and 1.283.
/// </summary>
internal static class SignedJpegProgression
{
    /// <summary>The target for the median size of a signed JPEG over its input's.</summary>
    public const double GrowthTarget = 1.08;

    /// <summary>
    /// What the C2PA step adds after the encode, whose size is compared before it: the manifest store, 3,052 bytes
    /// with the example key set (two P-256 certificates of about 530 bytes each). The encode already holds the XMP
    /// label. A signer with a longer chain adds more, and a file just over the target then stays baseline.
    /// </summary>
    public const int ManifestStoreBytes = 3 * 1024;

    /// <summary>
    /// The encoded size (metadata included, manifest not) over which Sign's JPEG of an input of
    /// <paramref name="inputBytes"/> is written in whichever progression is smaller.
    /// </summary>
    public static long TranscodeAbove(long inputBytes) => (long)(inputBytes * GrowthTarget) - ManifestStoreBytes;
}
