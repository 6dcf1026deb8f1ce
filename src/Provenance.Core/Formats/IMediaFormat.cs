namespace Provenance.Core.Formats;

/// <summary>
/// What the registry (<see cref="AssetHandlers"/>) knows about every format, whatever its container operations
/// look like: its name, its kind, its MIME types, its hard binding, and how to recognise it from its first bytes.
/// </summary>
internal interface IMediaFormat
{
    AssetFormat Format { get; }

    MediaKind Kind { get; }

    /// <summary>The canonical MIME type, written into manifests and responses.</summary>
    string MimeType { get; }

    /// <summary>Every MIME type a caller may declare for the format (the canonical one first; no parameters).</summary>
    IReadOnlyList<string> MimeTypes { get; }

    HardBindingKind HardBinding { get; }

    /// <summary>A short name for messages ("JPEG", "MP4").</summary>
    string DisplayName { get; }

    /// <summary>True when <paramref name="header"/> (the first <see cref="AssetHandlers.SignatureLength"/> bytes, or fewer) is this format's signature.</summary>
    bool Matches(ReadOnlySpan<byte> header);
}
