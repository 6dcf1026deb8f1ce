namespace Provenance.Core.Watermark;

/// <summary>
/// How big the pattern is drawn. The waxel (one chip's cell) grows with the image so that the pattern keeps the
/// same size relative to the picture: a resize then leaves it where the detector expects it, and a large image
/// shrunk to screen size still carries waxels of several pixels. Small images get a floor of 4 pixels per waxel,
/// which survives a 0.5x downscale (2 pixels per waxel).
/// </summary>
internal static class TileGeometry
{
    /// <summary>Images with a shorter side below this are refused for embedding.</summary>
    public const int MinShortSide = 256;

    /// <summary>The detector works on luma box-averaged so that its shorter side is in [400, 800).</summary>
    public const int DetectionShortSide = 400;

    public static double WaxelSize(int width, int height, WatermarkTuning tuning) =>
        Math.Max(tuning.MinWaxel, Math.Min(width, height) / tuning.WaxelsPerShortSide);

    public static int DetectionFactor(int width, int height) =>
        Math.Max(1, Math.Min(width, height) / DetectionShortSide);
}
