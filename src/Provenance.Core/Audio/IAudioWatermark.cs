using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Audio;

/// <summary>
/// Where an audio watermark scheme plugs into Sign (<see cref="Signing.ContentSigner"/>) and Verify
/// (<see cref="Verification.ContentVerifier"/>). Without one, audio is signed with the manifest and the label only and
/// the result says the watermark was omitted. With one, Sign decodes the samples, lets the scheme mark them,
/// re-encodes them with the input's codec, sample rate, channels and bit rate (<see cref="AudioReencoder"/>), and
/// reads the mark back from the encoded file before vouching for it; Verify looks for it when the manifest does not
/// settle the question. The service's scheme is <see cref="AudioWatermarkScheme"/>.
/// </summary>
public interface IAudioWatermark
{
    /// <summary>
    /// How much audio, from the start, is decoded to look for a mark (Verify, and Sign's read-back): the detector
    /// reads at most four 10-second segments, and a longer decode would only cost time and memory.
    /// </summary>
    const double DetectionSeconds = 45;

    /// <summary>
    /// The rate at which Verify and Sign's read-back hand the detector the sound, as one channel (ffmpeg's downmix):
    /// the scheme's mark lies under 5.8 kHz and the audio fingerprint reads under 4 kHz, so nothing they use is lost,
    /// and a decode at this rate moves a fraction of the samples a stereo 44.1 kHz one would.
    /// </summary>
    const int DetectionSampleRate = 16_000;

    /// <summary>Why no mark can be embedded in <paramref name="audio"/> (too short, too long, silent), or null when it can.</summary>
    string? CannotEmbed(PcmAudio audio);

    /// <summary>Marks the samples of <paramref name="audio"/> in place with <paramref name="id"/>; returns the mark's SNR in dB.</summary>
    double Embed(PcmAudio audio, ulong id);

    /// <summary>
    /// As <see cref="Embed"/>, but the samples are marked by the caller, front to back, as it needs them
    /// (<see cref="AudioMarking.RenderNext"/>): Sign encodes the first seconds while it marks the rest. A scheme that
    /// cannot mark in pieces marks the whole at once.
    /// </summary>
    internal AudioMarking StartEmbed(PcmAudio audio, ulong id) => AudioMarking.Complete(audio, Embed(audio, id));

    /// <summary>Looks for a mark, blind; never throws for content.</summary>
    AudioWatermarkDetection Detect(PcmAudio audio);

    /// <summary>
    /// As <see cref="Detect(PcmAudio)"/> on one channel still being decoded, at
    /// <see cref="ProgressiveAudio.SampleRate"/>. A scheme that cannot search while the samples arrive waits for all of
    /// them; the service's searches each segment as soon as it is in.
    /// </summary>
    internal AudioWatermarkDetection Detect(ProgressiveAudio audio) => Detect(audio.Complete());
}
