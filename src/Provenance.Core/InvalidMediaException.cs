namespace Provenance.Core;

/// <summary>Why a file was refused. Stable names: they reach callers as part of the error message.</summary>
public enum MediaError
{
    /// <summary>The first bytes match no supported format (JPEG, PNG, WebP).</summary>
    UnsupportedFormat,
    /// <summary>The declared MIME type disagrees with the bytes.</summary>
    FormatMismatch,
    /// <summary>The file ends before a structure it declares.</summary>
    Truncated,
    /// <summary>A structure is malformed (bad marker, bad length, bad checksum, codec error).</summary>
    Corrupt,
    /// <summary>The file, its dimensions or its pixel count exceed the configured limits.</summary>
    TooLarge,
    /// <summary>The image is valid but too small for the operation (e.g. watermark embedding).</summary>
    TooSmall,
}

/// <summary>
/// The one error type for untrusted media that cannot be processed: hosts map it to INVALID_ARGUMENT (gRPC) or
/// exit code 2 (CLI). The message is safe to show to the caller: it names the problem, never internal state.
/// </summary>
public sealed class InvalidMediaException : Exception
{
    public InvalidMediaException(MediaError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    public MediaError Error { get; }
}
