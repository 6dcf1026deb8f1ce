namespace Provenance.Core.Audio;

/// <summary>
/// The first audio stream of a file as ffprobe describes it: what a re-encode must reproduce. <see cref="BitRate"/>
/// is null where the codec has none to keep (PCM is implied by its sample format, FLAC is lossless).
/// <see cref="Container"/> is the demuxer's name list as ffprobe gives it ("ogg", "matroska,webm", ...).
/// </summary>
public sealed record AudioStreamInfo(string Codec, string? SampleFormat, int SampleRate, int Channels, long? BitRate, double? DurationSeconds,
    string? Container = null);
