using Provenance.Core.Imaging;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Cli.Bench;

/// <summary>
/// Keeps the harness honest: for a sample of photos, each attack is made twice on the same marked image, once with
/// the project's transforms and codecs and once by the reference tools (ImageMagick, cjpeg/djpeg, cwebp/dwebp), and both the pixel
/// agreement (PSNR between the two attacked images) and the detector's outcome on each are reported.
/// </summary>
internal sealed class ReferenceCheck(Watermarker watermarker, ExternalTools tools, IAttackCodecs codecs)
{
    public IReadOnlyList<ReferenceComparison> Run(IReadOnlyList<string> photos, IReadOnlyList<WatermarkAttack> attacks)
    {
        var rows = new List<ReferenceComparison>();
        foreach (var path in photos)
        {
            using var marked = ProjectCodecs.Load(path);
            const ulong id = 0x0123_4567_89AB_CDEF;
            watermarker.Embed(marked, id);
            var coded = new byte[PayloadCodec.CodedBits];
            watermarker.Layout.Codec.Encode(id, coded);
            foreach (var attack in attacks)
            {
                if (!ReferenceAttacks.ByName.TryGetValue(attack.Name, out var reference))
                {
                    continue;
                }
                using var ours = attack.Apply(marked, new AttackContext(codecs, new Random(1), Canonical: true));
                using var theirs = reference(marked, tools);
                var (okOurs, rawOurs) = Detect(ours, id, coded);
                var (okTheirs, rawTheirs) = Detect(theirs, id, coded);
                double between = ours.Width == theirs.Width && ours.Height == theirs.Height
                    ? RobustnessRunner.Psnr(ours, theirs)
                    : double.NaN;
                rows.Add(new ReferenceComparison(Path.GetFileName(path), attack.Name, between, rawOurs, rawTheirs, okOurs, okTheirs));
            }
        }
        return rows;
    }

    private (bool Recovered, int RawErrors) Detect(ImageFrame frame, ulong id, byte[] coded)
    {
        var soft = new float[coded.Length];
        var result = watermarker.Detect(frame, soft);
        int raw = 0;
        for (int i = 0; i < coded.Length; i++)
        {
            raw += (soft[i] < 0) != (coded[i] == 1) || soft[i] == 0 ? 1 : 0;
        }
        return (result.Detected && result.Id == id, raw);
    }
}

internal sealed record ReferenceComparison(string Photo, string Attack, double PsnrBetween, int ProjectRawErrors,
    int ReferenceRawErrors, bool ProjectRecovered, bool ReferenceRecovered);
