namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// The label font is not installed: a fault of the machine, not of the request (hosts report it as unavailable,
/// not as bad input). scripts/setup.sh installs it.
/// </summary>
public sealed class LabelFontUnavailableException(string message) : InvalidOperationException(message);
