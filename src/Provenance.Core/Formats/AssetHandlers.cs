using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Formats.Png;
using Provenance.Core.Formats.WebP;
using Provenance.Core.Text;

namespace Provenance.Core.Formats;

/// <summary>
/// The handler registry: formats are recognised from their first bytes (never from a file name), and a declared
/// MIME type, when a caller gives one, must agree with them.
/// </summary>
internal static class AssetHandlers
{
    /// <summary>How many leading bytes <see cref="Detect(ReadOnlySpan{byte})"/> looks at.</summary>
    public const int SignatureLength = 12;

    public static IReadOnlyList<IAssetHandler> All { get; } = [JpegHandler.Instance, PngHandler.Instance, WebPHandler.Instance];

    public static bool TryDetect(ReadOnlySpan<byte> header, out IAssetHandler handler)
    {
        foreach (var candidate in All)
        {
            if (candidate.Matches(header))
            {
                handler = candidate;
                return true;
            }
        }
        handler = null!;
        return false;
    }

    /// <summary>The handler for the format <paramref name="header"/> starts with; UnsupportedFormat otherwise.</summary>
    public static IAssetHandler Detect(ReadOnlySpan<byte> header) =>
        TryDetect(header, out var handler)
            ? handler
            : throw new InvalidMediaException(MediaError.UnsupportedFormat, "The file is not a JPEG, PNG or WebP image.");

    /// <summary>
    /// Checks the size limit, detects the format, and, when <paramref name="declaredMimeType"/> is given, checks that
    /// it names the same format (FormatMismatch otherwise). The entry point for bytes that arrive from outside.
    /// </summary>
    /// <summary>Longest declared MIME type echoed in an error (RFC 6838 names are at most 127 + 1 + 127 characters).</summary>
    private const int MaxEchoedMimeType = 255;

    public static IAssetHandler Open(ReadOnlySpan<byte> asset, MediaLimits limits, string? declaredMimeType = null)
    {
        limits.CheckFileSize(asset.Length);
        var handler = Detect(asset);
        if (!string.IsNullOrWhiteSpace(declaredMimeType))
        {
            var declared = FromMimeType(declaredMimeType);
            if (declared is null)
            {
                throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The declared type {LogText.Escape(declaredMimeType, MaxEchoedMimeType)} is not supported.");
            }
            if (declared != handler)
            {
                throw new InvalidMediaException(MediaError.FormatMismatch,
                    $"The declared type {LogText.Escape(declaredMimeType, MaxEchoedMimeType)} does not match the content, which is {handler.MimeType}.");
            }
        }
        return handler;
    }

    public static IAssetHandler For(AssetFormat format) => format switch
    {
        AssetFormat.Jpeg => JpegHandler.Instance,
        AssetFormat.Png => PngHandler.Instance,
        AssetFormat.WebP => WebPHandler.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The handler for a MIME type (parameters ignored, "image/jpg" accepted), or null.</summary>
    public static IAssetHandler? FromMimeType(string mimeType)
    {
        var bare = mimeType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return bare switch
        {
            "image/jpeg" or "image/jpg" or "image/pjpeg" => JpegHandler.Instance,
            "image/png" or "image/x-png" => PngHandler.Instance,
            "image/webp" => WebPHandler.Instance,
            _ => null,
        };
    }
}
