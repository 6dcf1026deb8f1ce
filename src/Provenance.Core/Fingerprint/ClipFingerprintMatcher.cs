namespace Provenance.Core.Fingerprint;

/// <summary>
/// Decides whether a segment of an upload shows part of the clip a <see cref="ClipFingerprint"/> was taken of,
/// whatever was trimmed before it. The upload's segment is sampled <see cref="Phases"/> times as densely as the stored
/// record, at the stored thumbnail size; every phase (which upload samples line up with the stored instants) and
/// every start in the stored sequence is tried, and the score of an alignment is one zero-mean normalised
/// cross-correlation pooled over all its sample pairs (each thumbnail centred on its own mean, so a brightness
/// shift does not count, and flat frames such as black fades add nothing either way). The best alignment's score is
/// the result. Re-encoding and rescaling barely move 24-pixel thumbnails; cropping, padding or mirroring do, and are
/// not searched (docs/video.md, "Fingerprint").
/// </summary>
public static class ClipFingerprintMatcher
{
    /// <summary>Upload samples per stored interval: the worst misalignment in time is a half of interval / Phases (0.0625 s).</summary>
    public const int Phases = 4;

    /// <summary>
    /// Score from which an upload counts as the same clip. Calibrated on the corpus clips (docs/video.md,
    /// "Fingerprint"): 3-s segments of each signed clip re-encoded H.264 CRF 28 at 480p against its own record and
    /// against every other clip's record.
    /// </summary>
    public const double Threshold = 0.80;

    /// <summary>An alignment must pair at least this share of the shorter side's samples (a trimmed end may fall outside the record).</summary>
    private const double MinimumOverlap = 0.75;

    /// <param name="upload">The upload's segment: thumbnails of the stored size, every <c>IntervalMilliseconds / Phases</c>.</param>
    public static FingerprintMatch Match(ClipFingerprint stored, IReadOnlyList<byte[]> upload)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(upload);
        var size = stored.ThumbnailWidth * stored.ThumbnailHeight;
        if (upload.Count == 0 || upload.Any(u => u.Length != size))
        {
            throw new ArgumentException("Upload samples must be thumbnails of the stored size.", nameof(upload));
        }
        var reference = stored.Samples.Select(Centre).ToArray();
        var probe = upload.Select(Centre).ToArray();
        var best = double.NegativeInfinity;
        for (var phase = 0; phase < Math.Min(Phases, probe.Length); phase++)
        {
            var sequence = probe.Where((_, i) => i % Phases == phase).ToArray();
            var required = Math.Max(1, (int)Math.Ceiling(MinimumOverlap * Math.Min(sequence.Length, reference.Length)));
            // start = the stored index the sequence's first sample lines up with; it may hang over either end.
            for (var start = required - sequence.Length; start <= reference.Length - required; start++)
            {
                double cross = 0, referenceEnergy = 0, probeEnergy = 0;
                for (var j = Math.Max(0, -start); j < sequence.Length && start + j < reference.Length; j++)
                {
                    var (r, re) = reference[start + j];
                    var (p, pe) = sequence[j];
                    cross += Dot(r, p);
                    referenceEnergy += re;
                    probeEnergy += pe;
                }
                var score = referenceEnergy <= 1e-6 || probeEnergy <= 1e-6 ? 0 : cross / Math.Sqrt(referenceEnergy * probeEnergy);
                best = Math.Max(best, score);
            }
        }
        var final = double.IsNegativeInfinity(best) ? 0 : best;
        // Frames are compared whole: the covered area is the whole frame.
        return new FingerprintMatch(final, final >= Threshold, 1);
    }

    private static (float[] Values, double Energy) Centre(byte[] thumbnail)
    {
        var mean = 0.0;
        foreach (var v in thumbnail)
        {
            mean += v;
        }
        mean /= thumbnail.Length;
        var centred = new float[thumbnail.Length];
        double energy = 0;
        for (var i = 0; i < thumbnail.Length; i++)
        {
            centred[i] = (float)(thumbnail[i] - mean);
            energy += centred[i] * centred[i];
        }
        return (centred, energy);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
