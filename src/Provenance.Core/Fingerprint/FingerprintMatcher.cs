using Provenance.Core.Imaging;

namespace Provenance.Core.Fingerprint;

/// <summary>How well an upload's content matches a stored fingerprint.</summary>
/// <param name="Score">Best normalised cross-correlation in [-1, 1] over the searched crops and scales.</param>
/// <param name="Matches">Score at or above <see cref="FingerprintMatcher.Threshold"/>.</param>
/// <param name="CoveredArea">Fraction of the original image the best-matching window covers.</param>
public sealed record FingerprintMatch(double Score, bool Matches, double CoveredArea);

/// <summary>
/// Decides whether an upload shows the picture a fingerprint was taken of, allowing what platforms and users
/// do to images: re-encoding, rescaling, and cropping down to <see cref="MinimumCoveredArea"/> of the original.
/// The upload is shrunk to the thumbnail's scale for each plausible crop size and slid over the stored
/// thumbnail; the best zero-mean normalised cross-correlation is the score. A coarse search at half resolution
/// picks the candidate, a local search at full resolution scores it, which keeps a lookup to a few milliseconds.
/// </summary>
public static class FingerprintMatcher
{
    /// <summary>Crops keeping less than this fraction of the original area are not searched.</summary>
    public const double MinimumCoveredArea = 0.45;

    /// <summary>
    /// Score from which an upload counts as the same picture. Calibrated on the 16 corpus photos under 14 attacks
    /// (JPEG 85/40, resize 0.5, crops to 81%/50%/48%/half, rotation 5 degrees with the angle given, brightness,
    /// contrast, blur, noise, crop+resize+brightness+JPEG): the same photo scored at least 0.958, any other photo
    /// at most 0.797 (docs/fingerprint.md).
    /// </summary>
    public const double Threshold = 0.90;

    private const double ScaleStep = 1.04;
    private const double BlurSigma = 1.5;
    private const int IntermediateLongSide = 256;

    /// <param name="rotationDegrees">
    /// The rotation the upload shows relative to the original (clockwise as displayed), as the watermark
    /// detector estimates it; 0 when unknown. Rotations under half a degree are not worth undoing.
    /// </param>
    public static FingerprintMatch Match(PerceptualFingerprint stored, ImageFrame upload, double rotationDegrees = 0) =>
        Match(stored, new RgbFrameLuma(upload), rotationDegrees);

    /// <inheritdoc cref="Match(PerceptualFingerprint, ImageFrame, double)"/>
    internal static FingerprintMatch Match(PerceptualFingerprint stored, ILumaImage upload, double rotationDegrees = 0)
    {
        var plane = LumaPlane.FromImage(upload, IntermediateLongSide);
        double uw = upload.Width, uh = upload.Height;
        if (Math.Abs(rotationDegrees) >= 0.5)
        {
            var derotated = plane.Derotate(rotationDegrees);
            uw *= (double)derotated.Width / plane.Width;
            uh *= (double)derotated.Height / plane.Height;
            plane = derotated;
        }
        return Match(stored, plane, uw, uh);
    }

    private static FingerprintMatch Match(PerceptualFingerprint stored, LumaPlane uploadPlane, double uw, double uh)
    {
        // Blurring both sides makes the score insensitive to sub-pixel misalignment and to the sampling phase of
        // the thumbnails, which otherwise costs fine-textured pictures most of their correlation.
        var thumbnail = stored.Thumbnail.Blur(BlurSigma);
        // Thumbnail pixels per original pixel.
        var k = (double)thumbnail.Width / stored.OriginalWidth;

        // s = upload pixels per original pixel. The upload cannot extend past the original (s >= sMin) and keeps
        // at least MinimumCoveredArea of it (s <= sMax).
        double ow = stored.OriginalWidth, oh = stored.OriginalHeight;
        var sMin = Math.Max(uw / ow, uh / oh);
        var sMax = Math.Max(sMin, Math.Sqrt(uw * uh / (MinimumCoveredArea * ow * oh)));

        var coarseThumbnail = stored.Thumbnail.Blur(BlurSigma).Resize(Math.Max(1, thumbnail.Width / 2), Math.Max(1, thumbnail.Height / 2));
        (double Score, double S, int X, int Y) best = (double.NegativeInfinity, sMin, 0, 0);
        for (var s = sMin; s <= sMax * 1.0001; s *= ScaleStep)
        {
            var window = WindowSize(uw, uh, s, k / 2, coarseThumbnail);
            if (window.Width < 4 || window.Height < 4)
            {
                break;
            }
            var probe = uploadPlane.Resize(window.Width, window.Height).Blur(BlurSigma / 2);
            var (score, x, y) = BestOffset(coarseThumbnail, probe, 0, coarseThumbnail.Width - window.Width, 0, coarseThumbnail.Height - window.Height);
            if (score > best.Score)
            {
                best = (score, s, x, y);
            }
        }

        // Refine at full resolution around the coarse position, at the coarse scale and its neighbours.
        var refined = (Score: double.NegativeInfinity, Area: 0.0);
        foreach (var s in new[] { best.S / ScaleStep, best.S, best.S * ScaleStep })
        {
            if (s < sMin * 0.9999 || s > sMax * 1.0001)
            {
                continue;
            }
            var window = WindowSize(uw, uh, s, k, thumbnail);
            var probe = uploadPlane.Resize(window.Width, window.Height).Blur(BlurSigma);
            var (score, _, _) = BestOffset(thumbnail, probe,
                Math.Max(0, 2 * best.X - 3), Math.Min(thumbnail.Width - window.Width, 2 * best.X + 3),
                Math.Max(0, 2 * best.Y - 3), Math.Min(thumbnail.Height - window.Height, 2 * best.Y + 3));
            if (score > refined.Score)
            {
                refined = (score, uw * uh / (s * s * ow * oh));
            }
        }
        var final = double.IsNegativeInfinity(refined.Score) ? best.Score : refined.Score;
        return new FingerprintMatch(final, final >= Threshold, Math.Min(1, refined.Area));
    }

    private static (int Width, int Height) WindowSize(double uw, double uh, double s, double k, LumaPlane target) =>
        (Math.Clamp((int)Math.Round(uw / s * k), 1, target.Width), Math.Clamp((int)Math.Round(uh / s * k), 1, target.Height));

    private static (double Score, int X, int Y) BestOffset(LumaPlane target, LumaPlane probe, int x0, int x1, int y0, int y1)
    {
        var (probeValues, probeNorm) = ZeroMean(probe.Values);
        var best = (Score: double.NegativeInfinity, X: x0, Y: y0);
        for (var oy = y0; oy <= y1; oy++)
        {
            for (var ox = x0; ox <= x1; ox++)
            {
                var score = Correlate(target, ox, oy, probe.Width, probe.Height, probeValues, probeNorm);
                if (score > best.Score)
                {
                    best = (score, ox, oy);
                }
            }
        }
        return best;
    }

    private static (float[] Values, double Norm) ZeroMean(float[] values)
    {
        var mean = values.Average();
        var centred = new float[values.Length];
        double energy = 0;
        for (var i = 0; i < values.Length; i++)
        {
            centred[i] = values[i] - mean;
            energy += centred[i] * centred[i];
        }
        return (centred, Math.Sqrt(energy));
    }

    private static double Correlate(LumaPlane target, int ox, int oy, int width, int height, float[] probe, double probeNorm)
    {
        double sum = 0, sumSquares = 0, cross = 0;
        for (var y = 0; y < height; y++)
        {
            var targetRow = target.Values.AsSpan((oy + y) * target.Width + ox, width);
            var probeRow = probe.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var t = targetRow[x];
                sum += t;
                sumSquares += t * t;
                cross += t * probeRow[x];
            }
        }
        var n = width * height;
        // The probe is zero-mean, so the target's mean drops out of the cross term.
        var targetEnergy = sumSquares - sum * sum / n;
        if (targetEnergy <= 1e-6 || probeNorm <= 1e-6)
        {
            return 0; // a flat window carries no evidence either way
        }
        return cross / (Math.Sqrt(targetEnergy) * probeNorm);
    }
}
