namespace Provenance.Core.Audio.Labeling;

/// <summary>
/// espeak-ng, which speaks the audible notice, is not installed: a fault of the machine, not of the request (hosts
/// report it as unavailable, not as bad input, as they do a missing label font). scripts/setup.sh installs it.
/// </summary>
public sealed class SpeechSynthesizerUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
