using System.Diagnostics.CodeAnalysis;

namespace Provenance.Core.Formats;

/// <summary>Throw helpers for malformed input, kept out of line so parsing loops stay small.</summary>
internal static class MediaThrow
{
    [DoesNotReturn]
    public static void Truncated(string what) =>
        throw new InvalidMediaException(MediaError.Truncated, what);

    [DoesNotReturn]
    public static void Corrupt(string what) =>
        throw new InvalidMediaException(MediaError.Corrupt, what);

    [DoesNotReturn]
    public static void Unsupported(string what) =>
        throw new InvalidMediaException(MediaError.UnsupportedFormat, what);

    [DoesNotReturn]
    public static void TooLarge(string what) =>
        throw new InvalidMediaException(MediaError.TooLarge, what);

    [DoesNotReturn]
    public static T Corrupt<T>(string what) =>
        throw new InvalidMediaException(MediaError.Corrupt, what);
}
