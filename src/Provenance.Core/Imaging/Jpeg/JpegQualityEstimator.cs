namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// Estimates the IJG quality (1..100) a JPEG was written at from its quantisation tables: the IJG scaling of the
/// ITU-T T.81 Annex K example tables (libjpeg's jpeg_quality_scaling; clamped to 255 as with force_baseline, or
/// to 32767 when the file's table holds larger values, as cjpeg writes below quality 25 without -baseline) is
/// computed for every quality and the one closest to the file's luma and chroma tables wins. Files written by libjpeg, cjpeg,
/// TurboJPEG and most software using them match one quality exactly; other encoders (cameras, Photoshop) get the
/// nearest IJG quality.
/// </summary>
internal static class JpegQualityEstimator
{
    /// <summary>Annex K.1 luminance table, natural (row-major) order.</summary>
    private static ReadOnlySpan<byte> LuminanceBase =>
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>Annex K.2 chrominance table, natural order.</summary>
    private static ReadOnlySpan<byte> ChrominanceBase =>
    [
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Natural-order index of each zigzag position (T.81 figure A.6).</summary>
    private static ReadOnlySpan<byte> ZigzagToNatural =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>The best-fitting quality and whether the tables match it exactly; (90, false) without a luma table.</summary>
    public static (int Quality, bool Exact) Estimate(ushort[]? luma, ushort[]? chroma)
    {
        if (luma is null)
        {
            return (90, false);
        }
        int best = 0;
        long bestError = long.MaxValue;
        for (int quality = 1; quality <= 100; quality++)
        {
            long error = Error(luma, LuminanceBase, quality);
            if (chroma is not null)
            {
                error += Error(chroma, ChrominanceBase, quality);
            }
            // Ties (possible at the extremes, where tables saturate) go to the higher quality.
            if (error <= bestError)
            {
                bestError = error;
                best = quality;
            }
        }
        return (best, bestError == 0);
    }

    /// <summary>
    /// The luminance table (natural order) TurboJPEG writes at <paramref name="quality"/>: what a re-encode at the
    /// estimated quality quantises luma with (baseline, so clamped to 255).
    /// </summary>
    public static int[] LuminanceTable(int quality)
    {
        var table = new int[64];
        for (int i = 0; i < 64; i++)
        {
            table[i] = Scaled(LuminanceBase[i], quality, 255);
        }
        return table;
    }

    /// <summary>The entry libjpeg's jpeg_add_quant_table builds for <paramref name="quality"/>.</summary>
    public static int Scaled(byte baseValue, int quality, int maximum)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        int value = (baseValue * scale + 50) / 100;
        return Math.Clamp(value, 1, maximum);
    }

    private static long Error(ushort[] zigzagTable, ReadOnlySpan<byte> naturalBase, int quality)
    {
        int maximum = zigzagTable.Max() > 255 ? 32767 : 255;
        long error = 0;
        var natural = ZigzagToNatural;
        for (int i = 0; i < 64; i++)
        {
            error += Math.Abs(zigzagTable[i] - Scaled(naturalBase[natural[i]], quality, maximum));
        }
        return error;
    }
}
