namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// The audio watermark: a 64-bit ID with a 48-bit check, carried by fractions of a decibel of change in the energy
/// of time-frequency cells between 187 Hz and 6.5 kHz, found blind in any 5-second window. Build once per key;
/// thread-safe; deterministic.
/// </summary>
public sealed class AudioWatermarker
{
    private readonly AudioWatermarkOptions _options;
    private readonly AudioEmbedder _embedder;
    private readonly AudioDetector _detector;
    private readonly MarkLayout _layout;

    public AudioWatermarker(AudioWatermarkOptions options)
        : this(options, AudioWatermarkTuning.Default)
    {
    }

    internal AudioWatermarker(AudioWatermarkOptions options, AudioWatermarkTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var layout = new MarkLayout(options.Key, tuning.PairsPerGroup, tuning.CombPairing, tuning.CombGap);
        _layout = layout;
        _embedder = new AudioEmbedder(layout, options, tuning);
        _detector = new AudioDetector(layout, tuning);
    }

    /// <summary>Shortest input the embedder accepts: one whole block plus a frame, so every cell is written once.</summary>
    public static double MinDurationSeconds { get; } =
        (double)((MarkLayout.BlockSlots * MarkLayout.SlotSamples) + MarkLayout.FrameLength) / MarkLayout.SampleRate;

    /// <summary>Marks <paramref name="audio"/> with <paramref name="id"/>; returns new audio of the same shape.</summary>
    public AudioWatermarkEmbedding Embed(PcmAudio audio, ulong id)
    {
        CheckEmbeddable(audio);
        return _embedder.Embed(audio, id);
    }

    /// <summary>Settles the mark of <paramref name="audio"/> for <paramref name="id"/>; the caller renders it (<see cref="AudioMarkPlan.RenderNext"/>).</summary>
    internal AudioMarkPlan Plan(PcmAudio audio, ulong id)
    {
        CheckEmbeddable(audio);
        return _embedder.Plan(audio, id);
    }

    private void CheckEmbeddable(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        CheckDuration(audio);
        if (audio.DurationSeconds < MinDurationSeconds)
        {
            throw new InvalidMediaException(MediaError.TooSmall,
                $"The audio lasts {audio.DurationSeconds:0.###} s; the watermark needs at least {MinDurationSeconds:0.###} s.");
        }
    }

    /// <summary>Looks for a mark; never throws for content (silence or noise simply give no detection).</summary>
    public AudioWatermarkDetection Detect(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        CheckDuration(audio);
        return _detector.Detect(audio);
    }

    /// <summary>As <see cref="Detect(PcmAudio)"/> on audio still being decoded, segment by segment as it arrives.</summary>
    internal AudioWatermarkDetection Detect(ProgressiveAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return _detector.Detect(audio);
    }

    internal AudioDetector.AlignedDiagnosis DiagnoseAligned(PcmAudio audio, ulong id)
    {
        var coded = new byte[Provenance.Core.Watermark.Coding.PayloadCodec.CodedBits];
        _layout.Codec.Encode(id, coded);
        return _detector.Aligned(audio, coded, id);
    }

    internal FeatureChannel DiagnoseChannel(PcmAudio before, PcmAudio after) => FeatureChannel.Measure(_layout, before, after);

    private void CheckDuration(PcmAudio audio)
    {
        if (audio.DurationSeconds > _options.MaxDurationSeconds)
        {
            throw new InvalidMediaException(MediaError.TooLarge,
                $"The audio lasts {audio.DurationSeconds:0.#} s; the limit is {_options.MaxDurationSeconds:0.#} s.");
        }
    }
}
