using Provenance.Core.Audio;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Imaging;
using Provenance.Core.Video;

namespace Provenance.Core.Admission;

/// <summary>
/// What a Sign or Verify call will cost in memory, from its file's header alone (no sample is decoded, no process
/// started): for admission control, which must decide before the work starts whether a call fits the host's decode
/// budget. Each kind of media is priced by what its pipeline holds:
/// <list type="bullet">
/// <item>a still image by its pixels (<see cref="ImageDecodeCost"/>);</item>
/// <item>a video by its frame size and the call, with the ffmpeg processes it starts (<see cref="VideoDecodeCost"/>),
/// not by its length, which costs disk;</item>
/// <item>audio by its declared length, rate and channels, capped by what the pipeline really decodes
/// (<see cref="AudioDecodeCost"/>).</item>
/// </list>
/// A file no format recognises costs its length at Sign, which refuses it at once; at Verify it costs what decoding
/// 45 s of audio does, since Verify hands it to ffmpeg as possible audio in another container (when an audio
/// watermark is configured, as the service does). Estimates are upper bounds where the header may lie: what does
/// not read counts as the worst the limits admit.
/// <para>
/// A namespace of its own, above the media folders it draws on: nothing in them depends on admission.
/// </para>
/// </summary>
public static class DecodeCost
{
    /// <summary>Estimated peak bytes of <paramref name="call"/> on <paramref name="media"/>, held in memory.</summary>
    public static long EstimateBytes(ReadOnlySpan<byte> media, MediaCall call, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var format = AssetHandlers.DetectFormat(media);
        if (format is { Kind: MediaKind.Video })
        {
            return Math.Max(media.Length, VideoDecodeCost.Estimate(TryRead(media), call, limits));
        }
        if (media.Length > limits.MaxFileBytes)
        {
            return media.Length; // refused before anything is decoded
        }
        return format?.Kind switch
        {
            MediaKind.Image => ImageDecodeCost.Estimate(media, limits),
            MediaKind.Audio when call == MediaCall.Sign => AudioDecodeCost.Sign(AudioHeaders.Read(media, format.Format), media.Length, limits),
            MediaKind.Audio => AudioDecodeCost.Verify(AudioHeaders.Read(media, format.Format), media.Length, limits),
            _ when call == MediaCall.Verify => AudioDecodeCost.Verify(null, media.Length, limits),
            _ => media.Length,
        };
    }

    /// <summary>
    /// Estimated peak bytes of <paramref name="call"/> on the MP4 or MOV clip at <paramref name="path"/> (a streamed
    /// upload spooled to disk): its box headers are read, its samples skipped.
    /// </summary>
    public static long EstimateVideoFileBytes(string path, MediaCall call, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        BmffTrackHeaders? tracks;
        try
        {
            tracks = BmffTrackHeaders.Read(path);
        }
        catch (Exception e) when (e is InvalidMediaException or EndOfStreamException)
        {
            tracks = null;
        }
        return VideoDecodeCost.Estimate(tracks, call, limits);
    }

    private static BmffTrackHeaders? TryRead(ReadOnlySpan<byte> media)
    {
        try
        {
            return BmffTrackHeaders.Read(media);
        }
        catch (Exception e) when (e is InvalidMediaException or EndOfStreamException)
        {
            return null; // a tree this reader refuses may still decode in ffmpeg: priced as the worst
        }
    }
}
