namespace Provenance.Core.Formats;

/// <summary>The container formats the service knows (see <see cref="AssetHandlers"/> for what each one supports).</summary>
public enum AssetFormat
{
    Jpeg,
    Png,
    WebP,
    /// <summary>ISO BMFF with an MP4 (or other non-QuickTime, non-audio) brand.</summary>
    Mp4,
    /// <summary>QuickTime (ftyp major brand <c>qt  </c>).</summary>
    Mov,
    /// <summary>ISO BMFF audio (ftyp major brand <c>M4A </c>): signed and validated through the BMFF binding.</summary>
    M4a,
    /// <summary>RIFF WAVE.</summary>
    Wav,
    /// <summary>MPEG audio layer III, usually behind an ID3v2 tag.</summary>
    Mp3,
    /// <summary>Free Lossless Audio Codec, with an optional ID3v2 tag before the stream.</summary>
    Flac,
    /// <summary>
    /// Audio in another container ffmpeg reads (Ogg Vorbis or Opus, WebM, AAC, AIFF, ...): Verify looks for the audio
    /// watermark in it; there is no C2PA embedding to read or write (Audio/DecodableAudio.cs).
    /// </summary>
    OtherAudio,
}
