using Provenance.Core.Audio;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Core.Video;

/// <summary>
/// What a video call will cost in memory, with the ffmpeg processes it starts, from the frame size its track headers
/// declare (<see cref="BmffTrackHeaders"/>), not from the file's length: the pipelines hold a few frames at a time
/// whatever the clip's length, and x264's lookahead in Sign's encoder holds dozens (docs/video.md, "Memory").
/// <list type="bullet">
/// <item>Sign: the decoder and the encoder (x264 or x265 at the input's size) and this process's frames; before them,
/// when the clip has sound, its audio track is decoded whole and marked (<see cref="VideoAudioTrack"/>), which costs what
/// an audio Sign's samples do (<see cref="AudioDecodeCost.SignTrack"/>); the two
/// happen one after the other, but the garbage collector keeps the heap the track grew while the encoder runs, so
/// both count.</item>
/// <item>Verify: the detector's ffmpeg sending grey frames, eight frames kept and pooled, the clip fingerprint.</item>
/// </list>
/// A frame size that does not read counts as the largest the limits admit (<see cref="MediaLimits.MaxVideoPixels"/>),
/// and a declared one above it counts as that: the probe refuses larger frames before decoding. The factors are
/// measured on a 2-CPU host (what a call added to the resident memory of the process and its children), and the
/// codecs' threads, which each hold frames, grow with the host's CPUs (<see cref="FfmpegCpuCount"/>).
/// </summary>
internal static class VideoDecodeCost
{
    /// <summary>The CPU count the per-pixel factors were measured with: a larger host's codecs run more threads.</summary>
    public const int MeasuredCpus = 2;

    /// <summary>What a Sign costs whatever its frame size: two ffmpeg processes with their codecs loaded, this process's pipes.</summary>
    public const long SignBaseBytes = 232L << 20;

    /// <summary>Bytes per pixel of the frame a Sign holds on <see cref="MeasuredCpus"/> CPUs, nearly all of them in x264's lookahead.</summary>
    public const long SignBytesPerPixel = 248;

    /// <summary>
    /// Bytes per pixel a Sign holds for each CPU beyond <see cref="MeasuredCpus"/>: x264's 1.5 frame threads per CPU
    /// at 10-12 bytes per pixel each, and the decoder's one thread per CPU at about 4.
    /// </summary>
    public const long SignBytesPerPixelPerCpu = 22;

    /// <summary>What a Verify costs whatever its frame size: the decoder's process and its codecs.</summary>
    public const long VerifyBaseBytes = 100L << 20;

    /// <summary>Bytes per pixel of the frame a Verify holds on <see cref="MeasuredCpus"/> CPUs (the frames kept and pooled, the decoder's buffers).</summary>
    public const long VerifyBytesPerPixel = 38;

    /// <summary>Bytes per pixel a Verify holds for each CPU beyond <see cref="MeasuredCpus"/>: the decoder's frame threads.</summary>
    public const long VerifyBytesPerPixelPerCpu = 4;

    /// <summary>Estimated peak bytes of <paramref name="call"/> on a clip whose track headers are <paramref name="tracks"/> (null: the box tree did not read).</summary>
    public static long Estimate(BmffTrackHeaders? tracks, MediaCall call, MediaLimits limits) =>
        Estimate(tracks, call, limits, FfmpegCpuCount.Value);

    /// <summary>As <see cref="Estimate(BmffTrackHeaders?, MediaCall, MediaLimits)"/> on a host whose codecs see <paramref name="cpus"/> CPUs.</summary>
    public static long Estimate(BmffTrackHeaders? tracks, MediaCall call, MediaLimits limits, int cpus)
    {
        if (tracks is { HasVideoTrack: false })
        {
            // No video track (an MP4 of sound alone): the probe refuses it before a frame or sample is decoded.
            return call == MediaCall.Verify ? VerifyBaseBytes : SignBaseBytes;
        }
        var pixels = Math.Min(tracks?.VideoPixels ?? limits.MaxVideoPixels, limits.MaxVideoPixels);
        long extraCpus = Math.Max(0, cpus - MeasuredCpus);
        if (call == MediaCall.Verify)
        {
            return VerifyBaseBytes + (VerifyBytesPerPixel + VerifyBytesPerPixelPerCpu * extraCpus) * pixels;
        }
        var frames = SignBaseBytes + (SignBytesPerPixel + SignBytesPerPixelPerCpu * extraCpus) * pixels;
        // The track is marked before the frames, but the heap it grew is still this process's while ffmpeg encodes.
        var sound = tracks is { HasAudioTrack: false } ? 0 : AudioDecodeCost.SignTrack(tracks?.Audio, limits);
        return frames + sound;
    }
}
