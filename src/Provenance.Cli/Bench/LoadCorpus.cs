using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;

namespace Provenance.Cli.Bench;

/// <summary>
/// The photos a load run sends: each scaled (Lanczos-3) to about the asked number of megapixels and encoded as a
/// baseline JPEG at quality 90 with no metadata, so that every call costs about the same whatever the source size.
/// </summary>
internal static class LoadCorpus
{
    public const int JpegQuality = 90;

    /// <param name="megapixels">Target size; 0 sends the files as they are.</param>
    public static IReadOnlyList<LoadInput> Prepare(IEnumerable<string> files, double megapixels)
    {
        var inputs = new List<LoadInput>();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            if (megapixels <= 0)
            {
                var info = ImageCodec.ReadInfo(bytes);
                inputs.Add(new LoadInput(Path.GetFileName(file), bytes, info.Width, info.Height));
                continue;
            }
            using var decoded = ImageCodec.Decode(bytes);
            var frame = decoded.Frame;
            var scale = Math.Sqrt(megapixels * 1_000_000 / ((double)frame.Width * frame.Height));
            int width = Math.Max(1, (int)Math.Round(frame.Width * scale));
            int height = Math.Max(1, (int)Math.Round(frame.Height * scale));
            using var scaled = Resize.Apply(frame, width, height);
            inputs.Add(new LoadInput(Path.GetFileName(file), ImageCodec.Encode(scaled, EncodeSettings.Jpeg(JpegQuality)), width, height));
        }
        return inputs;
    }

    /// <summary>
    /// <paramref name="signed"/> decoded and encoded again as a JPEG: the manifest is gone, the watermark stays,
    /// as after an upload through a platform that strips metadata. Verify then decodes, detects, looks the
    /// record up by watermark ID and compares fingerprints: its full path.
    /// </summary>
    public static byte[] Stripped(byte[] signed)
    {
        using var decoded = ImageCodec.Decode(signed);
        return ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(JpegQuality));
    }
}

/// <summary>One photo of a load run, as sent.</summary>
internal sealed record LoadInput(string Name, byte[] Bytes, int Width, int Height);
