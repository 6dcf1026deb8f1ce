namespace Provenance.Core.Watermark;

/// <summary>
/// The outcome of a blind detection.
/// </summary>
/// <param name="Detected">True only when the pilot cleared its threshold and the decoded payload passed its
/// 48-bit check; then <paramref name="Id"/> holds the ID.</param>
/// <param name="Id">The embedded 64-bit ID, or null.</param>
/// <param name="Confidence">Normalised correlation (0..1) between the recovered chips and the pattern re-encoded from
/// the decoded ID: about 1 for a pristine copy, falling as attacks add noise; 0 when nothing was detected.</param>
/// <param name="PilotScore">z-score of the pilot correlation peak of the best hypothesis (noise alone rarely
/// reaches the decoding threshold of 4.4; a marked image typically gives 7 to 13).</param>
/// <param name="BitErrorsCorrected">Coded bits (of 354) whose hard decision disagreed with the decoded codeword.</param>
/// <param name="Scale">Size of the pattern found relative to the one an embedding would draw on an image of this size:
/// 1 for an unmodified or uniformly resized large image, above 1 after a crop, 0.5 after halving a small image.</param>
/// <param name="RotationDegrees">Rotation of the pattern found, counter-clockwise as seen on screen, in (-180, 180].</param>
public sealed record WatermarkDetection(
    bool Detected,
    ulong? Id,
    double Confidence,
    double PilotScore,
    int BitErrorsCorrected,
    double Scale,
    double RotationDegrees)
{
    public static WatermarkDetection None(double pilotScore) => new(false, null, 0, pilotScore, 0, 0, 0);
}
