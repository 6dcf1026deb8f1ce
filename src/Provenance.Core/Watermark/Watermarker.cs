using Provenance.Core.Imaging;

namespace Provenance.Core.Watermark;

/// <summary>
/// Embeds and detects the invisible watermark: a 64-bit ID in a keyed, tiled spread-spectrum pattern in luma.
/// Build one per key and reuse it: construction derives the patterns; Embed and Detect are thread-safe.
/// </summary>
public sealed class Watermarker
{
    /// <summary>The shortest shorter side, in pixels, an image must have to be watermarked.</summary>
    public const int MinShortSide = TileGeometry.MinShortSide;

    private readonly WatermarkOptions _options;
    private readonly Embedder _embedder;
    private readonly Detector _detector;

    public Watermarker(WatermarkOptions options)
        : this(options, WatermarkTuning.Default)
    {
    }

    internal Watermarker(WatermarkOptions options, WatermarkTuning tuning)
    {
        options.Validate();
        _options = options;
        var layout = new TileLayout(options.Key);
        Layout = layout;
        _embedder = new Embedder(layout, tuning);
        _detector = new Detector(layout, tuning);
    }

    /// <summary>
    /// Marks <paramref name="frame"/> in place with <paramref name="id"/>. Deterministic: the same pixels, key and
    /// ID give the same output. Throws <see cref="InvalidMediaException"/> (<see cref="MediaError.TooSmall"/>) when
    /// the shorter side is under <see cref="MinShortSide"/> pixels.
    /// </summary>
    public WatermarkEmbedding Embed(ImageFrame frame, ulong id) => _embedder.Embed(new RgbFrameLuma(frame), id, _options);

    /// <summary>
    /// As <see cref="Embed(ImageFrame, ulong)"/> on any luma: a JPEG's luma plane takes the same integer delta per
    /// pixel that R, G and B take in a frame, and the PSNR returned is over the samples changed (luma there).
    /// </summary>
    internal WatermarkEmbedding Embed(ILumaImage image, ulong id) => _embedder.Embed(image, id, _options);

    internal TileLayout Layout { get; }

    internal WatermarkDetection Detect(ImageFrame frame, float[]? softOut) => _detector.Detect(new RgbFrameLuma(frame), softOut);

    /// <summary>Looks for the watermark without the original or the ID. Never throws for image content.</summary>
    public WatermarkDetection Detect(ImageFrame frame) => _detector.Detect(new RgbFrameLuma(frame));

    /// <inheritdoc cref="Detect(ImageFrame)"/>
    internal WatermarkDetection Detect(ILumaImage image) => _detector.Detect(image);
}
