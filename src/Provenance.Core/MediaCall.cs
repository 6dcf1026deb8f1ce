namespace Provenance.Core;

/// <summary>
/// Which pipeline a call runs on its media. What it costs depends on it: a video Sign runs an encoder whose lookahead
/// holds dozens of frames, a video Verify decodes a few; an audio Sign decodes the whole sound, Verify its first 45 s.
/// </summary>
public enum MediaCall
{
    Sign,
    Verify,
}
