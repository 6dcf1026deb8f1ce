using Provenance.Core.Formats;

namespace Provenance.Core.Imaging;

/// <summary>
/// What decoding a file will cost in memory, from its header alone (no pixel is decoded): for admission control,
/// which must decide before the work starts whether a call fits the host's decode budget.
/// </summary>
public static class DecodeCost
{
    /// <summary>
    /// Bytes per pixel the Sign and Verify pipelines hold beyond the decoded samples themselves (luma planes,
    /// watermark and fingerprint work, the re-encoded output). Calibrated on the issue-20 measurement: a 100 MP
    /// 16-bit RGB PNG (6 bytes per pixel in its header) peaked at 1.3 GB, about 13 bytes per pixel in all.
    /// </summary>
    public const int PipelineBytesPerPixel = 7;

    /// <summary>
    /// Estimated peak bytes to decode and process <paramref name="media"/>: for a still image, its header's pixel
    /// count times (samples per pixel x bytes per sample + <see cref="PipelineBytesPerPixel"/>). Anything else
    /// (video, whose frames are decoded by ffmpeg one at a time; a file whose header does not read or is over the
    /// limits, which the pipeline refuses before decoding) costs its own length.
    /// </summary>
    public static long EstimateBytes(ReadOnlySpan<byte> media, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
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
