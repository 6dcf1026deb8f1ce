namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// A requested explicit label that cannot be drawn as asked: a text that is not a one-line AI label, or one the
/// font has no glyph for. The caller's fault, with a message fit to show it (hosts answer INVALID_ARGUMENT). An
/// <see cref="ArgumentException"/>, so that code checking arguments in general still catches it.
/// </summary>
public sealed class InvalidLabelException(string message) : ArgumentException(message);
