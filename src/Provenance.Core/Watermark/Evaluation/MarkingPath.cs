using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Watermark.Evaluation;

/// <summary>
/// How the harness marks a photo: in its RGB frame (<see cref="Frame"/>, the library call), or as a JPEG goes
/// through Sign: the photo is first a JPEG (q95 unless told otherwise, 4:2:0: what a generator might upload), decoded, marked, encoded
/// again with the same settings and decoded to RGB for the attacks, either through its Y/Cb/Cr planes
/// (<see cref="JpegPlanes"/>, what Sign does) or through an RGB frame (<see cref="JpegFrame"/>, what Sign did
/// before, for comparison). The two JPEG encodes are part of what the attacks start from.
/// </summary>
internal abstract class MarkingPath
{
    public static MarkingPath Frame { get; } = new FramePath();

    public static MarkingPath JpegPlanes { get; } = new JpegPlanesPath(DefaultSourceQuality);

    public static MarkingPath JpegFrame { get; } = new JpegFramePath(DefaultSourceQuality);

    /// <summary>The quality of the JPEG a JPEG path makes of the photo first, unless told otherwise.</summary>
    public const int DefaultSourceQuality = 95;

    /// <summary>
    /// By <see cref="Name"/>'s short form: frame, jpeg-planes or jpeg-frame; null for anything else. The JPEG paths
    /// start from a JPEG of <paramref name="sourceQuality"/>: Sign's file growth depends on it (a mark on a low-quality
    /// input is shaped harder, JpegMarkShaper), so robustness is measured at the qualities the growth is.
    /// </summary>
    public static MarkingPath? Parse(string name, int sourceQuality = DefaultSourceQuality) => name switch
    {
        "frame" => Frame,
        "jpeg-planes" => sourceQuality == DefaultSourceQuality ? JpegPlanes : new JpegPlanesPath(sourceQuality),
        "jpeg-frame" => sourceQuality == DefaultSourceQuality ? JpegFrame : new JpegFramePath(sourceQuality),
        _ => null,
    };

    public abstract string Name { get; }

    public abstract ImageFrame Mark(Watermarker watermarker, ImageFrame original, ulong id, out WatermarkEmbedding embedding);

    private sealed class FramePath : MarkingPath
    {
        public override string Name => "frame";

        public override ImageFrame Mark(Watermarker watermarker, ImageFrame original, ulong id, out WatermarkEmbedding embedding)
        {
            var marked = original.Clone();
            embedding = watermarker.Embed(marked, id);
            return marked;
        }
    }

    private sealed class JpegPlanesPath(int sourceQuality) : MarkingPath
    {
        public override string Name => sourceQuality == DefaultSourceQuality ? "jpeg-planes" : $"jpeg-planes (source q{sourceQuality})";

        public override ImageFrame Mark(Watermarker watermarker, ImageFrame original, ulong id, out WatermarkEmbedding embedding)
        {
            var source = ImageCodec.Encode(original, EncodeSettings.Jpeg(sourceQuality));
            using var planes = JpegCodec.TryDecodeYuv(source, MediaLimits.Default)
                ?? throw new InvalidOperationException("a q95 4:2:0 JPEG always decodes to planes");
            // As Sign: encoded within the byte budget, the mark shaped where it would exceed it (JpegMarkShaper).
            using var shaper = JpegMarkShaper.Capture(planes.Image);
            embedding = watermarker.Embed(planes.Image, id);
            var marked = shaper.EncodeWithinBudget(source.Length, JpegQualityEstimator.LuminanceTable(planes.Info.SourceSettings.Quality),
                _ => JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, metadata: null), out double shapedPsnr);
            embedding = embedding with { PsnrDb = shapedPsnr };
            using var decoded = ImageCodec.Decode(marked);
            return LikeOriginal(decoded.Frame, original);
        }
    }

    private sealed class JpegFramePath(int sourceQuality) : MarkingPath
    {
        public override string Name => sourceQuality == DefaultSourceQuality ? "jpeg-frame" : $"jpeg-frame (source q{sourceQuality})";

        public override ImageFrame Mark(Watermarker watermarker, ImageFrame original, ulong id, out WatermarkEmbedding embedding)
        {
            var source = ImageCodec.Encode(original, EncodeSettings.Jpeg(sourceQuality));
            using var frame = ImageCodec.Decode(source);
            embedding = watermarker.Embed(frame.Frame, id);
            using var decoded = ImageCodec.Decode(ImageCodec.Encode(frame.Frame, frame.Info.SourceSettings));
            return LikeOriginal(decoded.Frame, original);
        }
    }

    // The attacks see the original's pixel format (alpha, where there was one, is not part of a JPEG: it is kept).
    private static ImageFrame LikeOriginal(ImageFrame rgb, ImageFrame like)
    {
        if (rgb.Format == like.Format)
        {
            return rgb.Clone();
        }
        var result = like.Clone();
        for (int y = 0; y < rgb.Height; y++)
        {
            var src = rgb.Row(y);
            var dst = result.Row(y);
            for (int x = 0; x < rgb.Width; x++)
            {
                src.Slice(x * 3, 3).CopyTo(dst.Slice(x * like.BytesPerPixel, 3));
            }
        }
        return result;
    }
}
