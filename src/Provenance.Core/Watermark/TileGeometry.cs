namespace Provenance.Core.Watermark;

/// <summary>
/// How big the pattern is drawn. The waxel (one chip's cell) grows with the image so that the pattern keeps about
/// the same size relative to the picture: a uniform resize then leaves it where the detector expects it, and a
/// large image shrunk to screen size still carries waxels of a few pixels. Sizes come from a ladder of 16 steps
/// per octave, so a crop of a few pixels does not change the size the detector has to guess: it tries the rungs
/// around the size this image would get.
/// </summary>
internal static class TileGeometry
{
    /// <summary>
    /// Images with a shorter side below this are refused for embedding: at the smallest waxel (2.5 px) a tile is
    /// 80 px, so 128 px holds one tile and a half per side, which the detector still folds and reads (its own floor
    /// is a 64 px plane). Below it there is not a tile and a half left to fold after a crop.
    /// </summary>
    public const int MinShortSide = 128;

    /// <summary>Rungs of the waxel-size ladder per octave.</summary>
    public const int StepsPerOctave = 16;

    /// <summary>The detector works on luma box-averaged by an integer factor so its shorter side is in [512, 1024).</summary>
    public const int DetectionShortSide = 512;

    public static double WaxelSize(int width, int height, WatermarkTuning tuning) =>
        Rung(Math.Max(tuning.MinWaxel, Math.Min(width, height) / tuning.WaxelsPerShortSide));

    /// <summary>The ladder value nearest to <paramref name="size"/> (in log scale).</summary>
    public static double Rung(double size) => Math.Pow(2, Math.Round(Math.Log2(size) * StepsPerOctave) / StepsPerOctave);

    /// <summary>The ladder value <paramref name="steps"/> rungs above (below if negative) <paramref name="rung"/>.</summary>
    public static double Step(double rung, int steps) => rung * Math.Pow(2, (double)steps / StepsPerOctave);

    public static int DetectionFactor(int width, int height) =>
        Math.Max(1, Math.Min(width, height) / DetectionShortSide);
}
