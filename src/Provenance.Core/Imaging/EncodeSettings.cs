using Provenance.Core.Formats;

namespace Provenance.Core.Imaging;

/// <summary>
/// How to encode pixels: the format and its parameters. Decoding reports the source's settings in the same shape
/// (<see cref="ImageInfo.SourceSettings"/>), so a re-encode can be done "the same way". Alpha follows the frame:
/// an RGBA frame keeps its alpha in PNG and WebP; JPEG has none and ignores it.
/// </summary>
internal sealed record EncodeSettings
{
    private readonly int _quality = 90;

    public required AssetFormat Format { get; init; }

    /// <summary>1..100: JPEG quality (IJG scale) or lossy WebP quality factor. Ignored by PNG and lossless WebP.</summary>
    public int Quality
    {
        get => _quality;
        init => _quality = value is >= 1 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Quality), value, "Quality is 1..100.");
    }

    /// <summary>JPEG chroma subsampling; <see cref="ChromaSubsampling.Gray"/> writes a one-component (luma) JPEG.</summary>
    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    /// <summary>JPEG: write a progressive file (TurboJPEG also optimises its Huffman tables then).</summary>
    public bool Progressive { get; init; }

    /// <summary>
    /// JPEG: encode baseline, and when that file (with its metadata) is over this many bytes, write whichever of the
    /// baseline and the progressive coding of the same coefficients is smaller (the pixels are the same either way);
    /// <see cref="Progressive"/> is then ignored. Null: encode as <see cref="Progressive"/> says. The lossless transcode
    /// costs more CPU than the encode, so only Sign asks for it, and only above the size at which its file would
    /// grow beyond the target (SignedJpegProgression).
    /// </summary>
    public long? SmallerProgressionAbove { get; init; }

    /// <summary>WebP: lossless (VP8L) instead of lossy (VP8).</summary>
    public bool Lossless { get; init; }

    /// <summary>PNG: the source was grayscale; written as gray when the pixels still are (R = G = B everywhere).</summary>
    public bool Grayscale { get; init; }

    /// <summary>True when <see cref="Quality"/> was read back exactly (the source used the IJG tables at that quality).</summary>
    public bool QualityIsExact { get; init; }

    public static EncodeSettings Jpeg(int quality, ChromaSubsampling subsampling = ChromaSubsampling.Yuv420, bool progressive = false) =>
        new() { Format = AssetFormat.Jpeg, Quality = quality, Subsampling = subsampling, Progressive = progressive };

    public static EncodeSettings Png(bool grayscale = false) => new() { Format = AssetFormat.Png, Grayscale = grayscale };

    public static EncodeSettings WebP(int quality) => new() { Format = AssetFormat.WebP, Quality = quality };

    public static EncodeSettings WebPLossless() => new() { Format = AssetFormat.WebP, Lossless = true, Quality = 100 };

    public override string ToString() => Format switch
    {
        AssetFormat.Jpeg => $"JPEG q{Quality}{(QualityIsExact ? "" : "~")} {Subsampling}{(Progressive ? " progressive" : "")}",
        AssetFormat.Png => Grayscale ? "PNG gray" : "PNG",
        _ => Lossless ? "WebP lossless" : $"WebP q{Quality}{(QualityIsExact ? "" : "~")}",
    };
}
