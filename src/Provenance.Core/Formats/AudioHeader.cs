namespace Provenance.Core.Formats;

/// <summary>
/// What an audio stream's header declares, read without decoding or starting a process (WAV's fmt and data chunks,
/// FLAC's STREAMINFO, an MP3 frame header, an MP4 sound sample entry): enough to tell what decoding it will cost.
/// Values are as declared, unchecked against the limits: callers bound them. <see cref="Channels"/> is null when the
/// stream itself says (an AAC configuration that leaves the layout to a program config element, or is missing),
/// <see cref="DurationSeconds"/> when the header does not say (FLAC with no sample count, MP3 in free format).
/// </summary>
internal sealed record AudioHeader(int SampleRate, int? Channels, double? DurationSeconds);
