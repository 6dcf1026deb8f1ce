using Provenance.Core;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Video;
using Provenance.Core.Watermark;

namespace Provenance.Testing.Media;

/// <summary>
/// What a forger does to a signed clip, for the video verdict tests: edit frames and put the original manifest back,
/// or stamp another clip with a signed clip's watermark ID.
/// </summary>
internal static class VideoEdits
{
    /// <summary>
    /// A grey box painted over the top-left corner of every frame (ffmpeg re-encodes the video, copies the audio), and
    /// the signed file's C2PA manifest store and XMP put back: the manifest now describes frames the file no longer has.
    /// </summary>
    public static void PaintBoxUnderOriginalManifest(string signed, string output)
    {
        byte[] store;
        string? xmp;
        using (var stream = File.OpenRead(signed))
        {
            var tree = BmffTree.Read(stream);
            store = BmffHandler.ReadManifestStore(stream, tree).Store ?? throw new ArgumentException("The clip has no manifest store.", nameof(signed));
            xmp = BmffHandler.ReadXmp(stream, tree);
        }
        var edited = output + ".edited" + Path.GetExtension(output);
        try
        {
            Ffmpeg.Run("-i", signed, "-map", "0", "-vf", "drawbox=x=0:y=0:w=128:h=128:color=gray:t=fill", "-c:v", "libx264", "-crf", "18",
                "-c:a", "copy", edited);
            using var input = File.OpenRead(edited);
            using var target = File.Create(output);
            BmffHandler.Write(input, BmffTree.Read(input), target, C2paUuidBox.Encode(store), xmp is null ? [] : C2paUuidBox.EncodeXmp(xmp));
        }
        finally
        {
            File.Delete(edited);
        }
    }

    /// <summary><paramref name="input"/> marked with <paramref name="id"/> as Sign marks a clip (no manifest): a watermark ID moved onto other content.</summary>
    public static void MarkWith(string input, string output, Watermarker watermarker, ulong id) =>
        new VideoWatermarker(watermarker).Mark(input, output, Path.GetExtension(output).TrimStart('.'), id, MediaLimits.Default);
}
