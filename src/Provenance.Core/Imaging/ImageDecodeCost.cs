using Provenance.Core.Formats;

namespace Provenance.Core.Imaging;

/// <summary>What decoding a still image will cost in memory, from its header alone (see Admission/DecodeCost.cs).</summary>
internal static class ImageDecodeCost
{
    /// <summary>
    /// Bytes per pixel the Sign and Verify pipelines hold beyond the decoded samples themselves (luma planes,
    /// watermark and fingerprint work, the re-encoded output). Calibrated on the issue-20 measurement: a 100 MP
    /// 16-bit RGB PNG (6 bytes per pixel in its header) peaked at 1.3 GB, about 13 bytes per pixel in all.
    /// </summary>
    public const int PipelineBytesPerPixel = 7;

    /// <summary>
    /// The header's pixel count times (samples per pixel x bytes per sample + <see cref="PipelineBytesPerPixel"/>),
    /// at least the file's length. A file whose header does not read or is over the limits costs its length: the
    /// pipeline refuses it before decoding. Sign and Verify decode alike.
    /// </summary>
    public static long Estimate(ReadOnlySpan<byte> media, MediaLimits limits)
    {
        if (media.Length > limits.MaxFileBytes || !AssetHandlers.TryDetect(media, out _))
        {
            return media.Length;
        }
        ImageInfo info;
        try
        {
            info = ImageCodec.ReadInfo(media, limits);
        }
        catch (InvalidMediaException)
        {
            return media.Length;
        }
        long samples = info.HasAlpha ? 4 : 3;
        long bytesPerSample = info.BitDepth > 8 ? 2 : 1;
        return Math.Max(media.Length, info.PixelCount * (samples * bytesPerSample + PipelineBytesPerPixel));
    }
}
