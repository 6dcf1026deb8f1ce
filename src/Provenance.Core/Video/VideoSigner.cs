using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.Fingerprint;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Signs a clip: frame watermark (<see cref="VideoWatermarker"/>) into a temporary file next to the output, then the
/// C2PA manifest (<c>c2pa.hash.bmff.v3</c>, the AIGC label in XMP) written by <see cref="C2paManifestSigner.SignStream"/>
/// into the output. Works from files so that memory stays bounded whatever the clip's size; the input must already
/// be within <see cref="MediaLimits.MaxVideoBytes"/> (callers spool uploads to a temporary file and check that first).
/// An explicit label is drawn on the frames in the same pass as the mark, and the manifest's <c>c2pa.edited</c>
/// action records where and on which frames it went. With an audio scheme, the clip's audio track carries the same
/// ID (<see cref="VideoAudioTrack"/>), read back from the encoded clip before the manifest says so.
/// </summary>
internal sealed class VideoSigner(C2paManifestSigner manifestSigner, Watermarker watermarker, MediaLimits limits, IAudioWatermark? audioWatermark = null)
{
    public VideoSignResult Sign(string input, string output, C2paSigningRequest request, IProgress<double>? progress = null, ExplicitLabel? label = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.WatermarkId is not { } id)
        {
            throw new ArgumentException("a video is signed with a watermark ID", nameof(request));
        }
        limits.CheckVideoSize(new FileInfo(input).Length);
        var container = Path.GetExtension(output).Equals(".mov", StringComparison.OrdinalIgnoreCase) ? "mov" : "mp4";
        var marked = output + ".marked.tmp";
        var work = Directory.CreateTempSubdirectory("provenance-audio-track-");
        try
        {
            var info = VideoProbe.Probe(input, limits);
            if (VideoWatermarker.Unmarkable(info) is { } unmarkable)
            {
                return SignUnmarked(input, output, request, info, unmarkable, label);
            }
            var (track, audioOmitted) = audioWatermark is not null && info.HasAudio
                ? MarkAudioTrack(input, work.FullName, audioWatermark, id)
                : (null, null);
            var mark = new VideoWatermarker(watermarker).Mark(input, marked, container, id, limits, progress, label, track, info);
            if (track is not null && !AudioReencoder.ReadsBack(marked, audioWatermark!, id))
            {
                audioOmitted = $"the mark did not read back from the re-encoded {track.Info.Codec} audio track";
                track = null;
            }
            using var source = new FileStream(marked, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var target = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            var signed = manifestSigner.SignStream(source, target, request with
            {
                ExplicitLabel = mark.Label,
                WatermarkedDescription = track is null ? null : "invisible watermark carrying the asset's 64-bit ID, in the frames and in the audio track",
            }, limits);
            return new VideoSignResult(signed, mark, track?.Fingerprint, audioOmitted);
        }
        finally
        {
            File.Delete(marked);
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A clip whose frames cannot carry the mark (too small, odd sides) still gets its manifest and AIGC label, as a
    /// small image does: its bytes are kept as they are (nothing is re-encoded, so the sound is not marked either) and
    /// the manifest says why there is no watermark. A visible label is drawn in the frames' re-encode, which such a
    /// clip does not get, so asking for one is refused with the reason.
    /// </summary>
    private VideoSignResult SignUnmarked(string input, string output, C2paSigningRequest request, VideoInfo info,
        (MediaError Error, string Reason) unmarkable, ExplicitLabel? label)
    {
        if (label is not null)
        {
            throw new InvalidMediaException(unmarkable.Error, $"No visible label can be drawn: {unmarkable.Reason}.");
        }
        string omitted = "no invisible watermark: " + unmarkable.Reason;
        using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var target = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var signed = manifestSigner.SignStream(source, target, request with { WatermarkId = null, CreatedDescription = omitted }, limits);
        string? audioOmitted = audioWatermark is not null && info.HasAudio ? "the clip is signed as it was, so its audio track is not marked either" : null;
        return new VideoSignResult(signed, new VideoMarkResult(info, 0, 0, 0), AudioOmittedReason: audioOmitted) { WatermarkOmittedReason = omitted };
    }

    /// <summary>
    /// The marked track, or why the track is copied as it was: before audio tracks were marked a clip whose sound
    /// does not decode was signed with its sound copied, and it still is (the frames carry the mark).
    /// </summary>
    private (MarkedAudioTrack? Track, string? Omitted) MarkAudioTrack(string input, string work, IAudioWatermark scheme, ulong id)
    {
        try
        {
            return VideoAudioTrack.Mark(input, work, scheme, id, limits);
        }
        catch (InvalidMediaException e) when (e.Error is MediaError.Corrupt or MediaError.Truncated or MediaError.UnsupportedFormat)
        {
            return (null, $"the audio track could not be decoded ({e.Message}); the track is copied unmarked");
        }
    }
}

/// <summary>
/// The manifest written and what the watermark pass did; <see cref="AudioFingerprint"/> is the marked audio track's,
/// null when the track was not marked (no scheme, no track, or <see cref="AudioOmittedReason"/>).
/// <see cref="WatermarkOmittedReason"/> is set when the frames were not marked at all (the clip was signed as it was).
/// </summary>
internal sealed record VideoSignResult(C2paSignedStream Manifest, VideoMarkResult Mark, AudioFingerprint? AudioFingerprint = null,
    string? AudioOmittedReason = null)
{
    public string? WatermarkOmittedReason { get; init; }
}
