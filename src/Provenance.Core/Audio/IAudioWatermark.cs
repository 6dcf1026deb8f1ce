namespace Provenance.Core.Audio;

/// <summary>
/// Where an audio watermark scheme plugs into Sign (<see cref="Signing.ContentSigner"/>). Without one, audio is signed
/// with the manifest and the label only and the result says the watermark was omitted. With one, Sign decodes the
/// samples, lets the scheme mark them, and re-encodes them with the input's codec, sample rate, channels and bit rate
/// (<see cref="AudioReencoder"/>) before the label and the manifest go in.
/// </summary>
public interface IAudioWatermark
{
    /// <summary>Why no mark can be embedded in <paramref name="audio"/> (too short, silent), or null when it can.</summary>
    string? CannotEmbed(PcmAudio audio);

    /// <summary>Marks the samples of <paramref name="audio"/> in place with <paramref name="id"/>; returns the mark's SNR in dB.</summary>
    double Embed(PcmAudio audio, ulong id);
}
