using Provenance.Core;

namespace Provenance.Fuzz.Targets;

/// <summary>
/// The limits every target parses under: the service's, with files and pixels cut down so one input stays in
/// the milliseconds (afl++ wants hundreds of executions a second) without changing which code paths exist.
/// </summary>
internal static class FuzzLimits
{
    public static MediaLimits Media { get; } = new() { MaxFileBytes = 1 << 20, MaxPixels = 1 << 20 };
}
