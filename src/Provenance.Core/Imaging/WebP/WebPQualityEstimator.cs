namespace Provenance.Core.Imaging.WebP;

/// <summary>
/// Estimates the quality factor a lossy WebP was encoded with, from the quantiser indices in its VP8 frame header.
/// libwebp (VP8SetSegmentParams) maps quality q to a base compression c = (q &lt; 0.75 ? 2q/3 : 2q - 1)^(1/3) and
/// gives segment i the quantiser floor(127 (1 - c^e_i)), e_i = 1 - amp * alpha_i, where amp = 0.9 * sns / 12800
/// (sns 50 by default) and alpha_i in [-127, 127] is the segment's susceptibility. The alphas span 255 around a
/// population-weighted mean and are clipped at +-127, so one extreme segment sits at exactly +127 or -127, which
/// pins c. Which one cannot be told from the header alone; on cwebp files the most-quantised segment is the
/// clipped one in most photos (exact to +-1 there), and assuming so otherwise overestimates the quality by a few
/// points (up to 7 on baboon.jpg at q30..50), which errs towards keeping detail. Files made with other settings
/// get an approximation.
/// </summary>
internal static class WebPQualityEstimator
{
    /// <summary>libwebp's SNS_TO_DQ and default sns_strength.</summary>
    private const double Amplitude = 0.9 * 50 / 100.0 / 128.0;

    /// <summary>The estimated quality (1..100), or null when the header cannot be read.</summary>
    public static int? Estimate(ReadOnlySpan<byte> vp8Chunk)
    {
        var quantizers = ReadSegmentQuantizers(vp8Chunk);
        if (quantizers is null)
        {
            return null;
        }
        if (quantizers.Max() == 0)
        {
            return 100;
        }
        double low = LogCompression(quantizers.Min()), high = LogCompression(quantizers.Max());
        double k = 127 * Amplitude;
        double logBase;
        if (low == high)
        {
            logBase = low;
        }
        else
        {
            // The most-quantised segment at alpha -127; when that puts the least-quantised one out of range,
            // the least-quantised segment at +127 instead.
            double fromHigh = high / (1 + k), fromLow = low / (1 - k);
            double otherAlpha = (1 - low / fromHigh) / Amplitude;
            logBase = otherAlpha is >= -3 and <= 130 ? fromHigh : fromLow;
        }
        double linear = Math.Exp(3 * logBase);
        double quality = linear < 0.5 ? linear * 1.5 : (linear + 1) / 2;
        return Math.Clamp((int)Math.Round(quality * 100), 1, 100);
    }

    /// <summary>ln of the compression a quantiser index stands for (the middle of the interval it was floored from).</summary>
    private static double LogCompression(int quantizer) => Math.Log(Math.Max(1 - (quantizer + 0.5) / 127.0, 1e-4));

    /// <summary>
    /// The base quantiser index of each segment, from the key-frame header (RFC 6386 sections 9.2 to 9.6, 19.2).
    /// </summary>
    public static int[]? ReadSegmentQuantizers(ReadOnlySpan<byte> vp8Chunk)
    {
        if (vp8Chunk.Length < 10 || (vp8Chunk[0] & 1) != 0)
        {
            return null;
        }
        int firstPartitionSize = (vp8Chunk[0] | vp8Chunk[1] << 8 | vp8Chunk[2] << 16) >> 5;
        var partition = vp8Chunk[10..];
        if (firstPartitionSize < partition.Length)
        {
            partition = partition[..firstPartitionSize];
        }
        var d = new Vp8BoolDecoder(partition);
        d.ReadLiteral(2); // colour space, clamping type
        bool segmentation = d.ReadBool(128);
        int[] segmentValues = [0, 0, 0, 0];
        bool absolute = false, segmentData = false;
        if (segmentation)
        {
            bool updateMap = d.ReadBool(128);
            segmentData = d.ReadBool(128);
            if (segmentData)
            {
                absolute = d.ReadBool(128);
                for (int s = 0; s < 4; s++)
                {
                    segmentValues[s] = d.ReadOptionalSigned(7);
                }
                for (int s = 0; s < 4; s++)
                {
                    d.ReadOptionalSigned(6); // loop filter level
                }
            }
            if (updateMap)
            {
                for (int s = 0; s < 3; s++)
                {
                    if (d.ReadBool(128))
                    {
                        d.ReadLiteral(8); // segment tree probability
                    }
                }
            }
        }
        d.ReadLiteral(1 + 6 + 3); // filter type, level, sharpness
        if (d.ReadBool(128) && d.ReadBool(128))
        {
            for (int i = 0; i < 8; i++)
            {
                d.ReadOptionalSigned(6); // reference frame and mode loop-filter deltas
            }
        }
        d.ReadLiteral(2); // number of DCT partitions
        int baseQuantizer = d.ReadLiteral(7);
        if (d.Overrun)
        {
            return null;
        }
        if (!segmentation || !segmentData)
        {
            return [baseQuantizer];
        }
        var quantizers = new int[4];
        for (int s = 0; s < 4; s++)
        {
            quantizers[s] = Math.Clamp(absolute ? segmentValues[s] : baseQuantizer + segmentValues[s], 0, 127);
        }
        return quantizers;
    }
}
