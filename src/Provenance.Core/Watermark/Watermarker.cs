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
    private readonly WatermarkTuning? _videoTuning;
    private Watermarker? _video;

    public Watermarker(WatermarkOptions options)
        : this(options, WatermarkTuning.Default)
    {
    }

    /// <param name="videoTuning">The constants of the video scheme (<see cref="Video"/>); null for <see cref="WatermarkTuning.Video"/>.</param>
    internal Watermarker(WatermarkOptions options, WatermarkTuning tuning, WatermarkTuning? videoTuning = null)
        : this(options, tuning, videoTuning ?? WatermarkTuning.Video, isVideo: false)
    {
    }

    private Watermarker(WatermarkOptions options, WatermarkTuning tuning, WatermarkTuning? videoTuning, bool isVideo)
    {
        options.Validate();
        _options = options;
        // The video instance has no video scheme of its own: its Video is itself.
        _videoTuning = isVideo ? null : videoTuning;
        var layout = new TileLayout(options.Key);
        Layout = layout;
        Tuning = tuning;
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

    /// <summary>
    /// The scheme for video frames: the same key, ID coding, check bits and detector, with larger waxels
    /// (<see cref="WatermarkTuning.Video"/>) and the PSNR bounds of <see cref="VideoOptions"/>. Video codecs
    /// quantise fine texture harder than JPEG and motion-compensate it: a pattern of 2.5-3 pixel waxels is moved
    /// by a pixel or two in predicted blocks and loses its coherence, bigger waxels keep it. Built on first use.
    /// </summary>
    internal Watermarker Video => _videoTuning is not { } videoTuning ? this
        : LazyInitializer.EnsureInitialized(ref _video, () => new Watermarker(VideoOptions(_options), videoTuning, null, isVideo: true));

    /// <summary>
    /// Video's PSNR bounds: every embedding between 40.5 and 43 dB of luma, aiming at 42.5 (the issue asks for a mean
    /// of at least 42). The ceiling is lower than an image's: a clip is re-encoded at least once on its way, usually
    /// more coarsely than a photo's JPEG, and the image's adaptation (up to 46 dB on easy content) left CRF 33
    /// segments of the corpus without the ID. The floor is the image's: busy frames, where the host outweighs the
    /// mark and hides it, get up to 2.5 dB more (with a 42 dB floor pan-and-zoom clips of busy photos lost more
    /// segments; docs/video.md).
    /// </summary>
    internal static WatermarkOptions VideoOptions(WatermarkOptions options) =>
        options with { TargetPsnrDb = 42.5, MinPsnrDb = 40.5, MaxPsnrDb = 43 };

    internal WatermarkDetection Detect(ImageFrame frame, float[]? softOut, DetectionTrace? trace = null) =>
        _detector.Detect(new RgbFrameLuma(frame), softOut, trace);

    /// <summary>Looks for the watermark without the original or the ID. Never throws for image content.</summary>
    public WatermarkDetection Detect(ImageFrame frame) => _detector.Detect(new RgbFrameLuma(frame));

    /// <inheritdoc cref="Detect(ImageFrame)"/>
    internal WatermarkDetection Detect(ILumaImage image) => _detector.Detect(image);

    /// <summary>As <see cref="Detect(ILumaImage)"/>, telling <paramref name="trace"/> what the presence gate decided.</summary>
    internal WatermarkDetection Detect(ILumaImage image, DetectionTrace? trace) => _detector.Detect(image, null, trace);

    /// <summary>The presence gate's score of <paramref name="image"/> and its plane's averaging factor (calibration).</summary>
    internal (double Score, double Activity, int Factor) MeasurePresence(ILumaImage image) => _detector.MeasurePresence(image);

    /// <summary>The constants this instance embeds and detects with.</summary>
    internal WatermarkTuning Tuning { get; }
}
