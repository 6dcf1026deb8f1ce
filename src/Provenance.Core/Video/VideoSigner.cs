using Provenance.Core.C2pa;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>
/// Signs a clip: frame watermark (<see cref="VideoWatermarker"/>) into a temporary file next to the output, then the
/// C2PA manifest (<c>c2pa.hash.bmff.v3</c>, the AIGC label in XMP) written by <see cref="C2paManifestSigner.SignStream"/>
/// into the output. Works from files so that memory stays bounded whatever the clip's size; the input must already
/// be within <see cref="MediaLimits.MaxVideoBytes"/> (callers spool uploads to a temporary file and check that first).
/// An explicit label is drawn on the frames in the same pass as the mark, and the manifest's <c>c2pa.edited</c>
/// action records where and on which frames it went.
/// </summary>
internal sealed class VideoSigner(C2paManifestSigner manifestSigner, Watermarker watermarker, MediaLimits limits)
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
        try
        {
            var mark = new VideoWatermarker(watermarker).Mark(input, marked, container, id, limits, progress, label);
            using var source = new FileStream(marked, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var target = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            var signed = manifestSigner.SignStream(source, target, request with { ExplicitLabel = mark.Label }, limits);
            return new VideoSignResult(signed, mark);
        }
        finally
        {
            File.Delete(marked);
        }
    }
}

/// <summary>The manifest written and what the watermark pass did.</summary>
internal sealed record VideoSignResult(C2paSignedStream Manifest, VideoMarkResult Mark);
