using Provenance.Core.Formats.Bmff;
using Provenance.Core.Formats.Flac;
using Provenance.Core.Formats.Mp3;
using Provenance.Core.Formats.Wav;
using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Formats.Png;
using Provenance.Core.Formats.WebP;
using Provenance.Core.Text;

namespace Provenance.Core.Formats;

/// <summary>
/// The format registry: every format the service knows is listed once in <see cref="Formats"/> with its kind, MIME
/// types and hard binding. Formats are recognised from their first bytes (never from a file name), and a declared
/// MIME type, when a caller gives one, must agree with them. Messages that list formats are built from here
/// (<see cref="Describe"/>), so adding a format is one entry (docs/adding-a-format.md).
/// </summary>
internal static class AssetHandlers
{
    /// <summary>How many leading bytes <see cref="Detect(ReadOnlySpan{byte})"/> looks at.</summary>
    public const int SignatureLength = 12;

    /// <summary>The still-image handlers, which work on whole files in memory.</summary>
    public static IReadOnlyList<IAssetHandler> All { get; } = [JpegHandler.Instance, PngHandler.Instance, WebPHandler.Instance];

    /// <summary>
    /// The audio formats held in memory (bounded by <see cref="MediaLimits.MaxFileBytes"/>) and bound by
    /// <c>c2pa.hash.data</c>: WAV, and the ID3-tagged FLAC and MP3 (FLAC first: an ID3 tag followed by "fLaC" is FLAC).
    /// </summary>
    public static IReadOnlyList<IAssetHandler> Audio { get; } = [WavHandler.Instance, FlacHandler.Instance, Mp3Handler.Instance];

    /// <summary>Every handler that works on whole files in memory: the images, then the audio formats.</summary>
    public static IReadOnlyList<IAssetHandler> InMemory { get; } = [.. All, .. Audio];

    /// <summary>Every known format, images first; the BMFF formats' container operations are in <see cref="BmffHandler"/> (streams).</summary>
    public static IReadOnlyList<IMediaFormat> Formats { get; } = [.. All, BmffFormat.Mp4, BmffFormat.Mov, BmffFormat.M4a, .. Audio];

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

    /// <summary>Any known format (image, video, audio) <paramref name="header"/> starts with, or null.</summary>
    public static IMediaFormat? DetectFormat(ReadOnlySpan<byte> header)
    {
        foreach (var candidate in Formats)
        {
            if (candidate.Matches(header))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The image handler for the format <paramref name="header"/> starts with; UnsupportedFormat otherwise.</summary>
    public static IAssetHandler Detect(ReadOnlySpan<byte> header) =>
        TryDetect(header, out var handler)
            ? handler
            : throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The file is not a {Describe(MediaKind.Image)} image.");

    /// <summary>The formats of a kind for messages: "JPEG, PNG or WebP".</summary>
    public static string Describe(MediaKind kind)
    {
        var names = Formats.Where(f => f.Kind == kind).Select(f => f.DisplayName).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

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
        CheckDeclared(handler, declaredMimeType);
        return handler;
    }

    /// <summary>Throws FormatMismatch (or UnsupportedFormat) when a declared MIME type does not name <paramref name="detected"/>.</summary>
    public static void CheckDeclared(IMediaFormat detected, string? declaredMimeType)
    {
        if (string.IsNullOrWhiteSpace(declaredMimeType))
        {
            return;
        }
        var declared = FormatFromMimeType(declaredMimeType)
            ?? throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The declared type {LogText.Escape(declaredMimeType, MaxEchoedMimeType)} is not supported.");
        // MP4 and M4A are one container: a declared video/mp4 for an M4A-branded file (or the reverse) is no mismatch.
        if (declared != detected && !(declared.HardBinding == HardBindingKind.BmffHash && detected.HardBinding == HardBindingKind.BmffHash
                                      && declared.Format != AssetFormat.Mov && detected.Format != AssetFormat.Mov))
        {
            throw new InvalidMediaException(MediaError.FormatMismatch,
                $"The declared type {LogText.Escape(declaredMimeType, MaxEchoedMimeType)} does not match the content, which is {detected.MimeType}.");
        }
    }

    public static IAssetHandler For(AssetFormat format) =>
        All.FirstOrDefault(h => h.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "not an image format");

    /// <summary>The image handler for a MIME type (parameters ignored, "image/jpg" accepted), or null.</summary>
    public static IAssetHandler? FromMimeType(string mimeType) => FormatFromMimeType(mimeType) as IAssetHandler;

    /// <summary>The format a MIME type names (parameters ignored, aliases accepted), or null.</summary>
    public static IMediaFormat? FormatFromMimeType(string mimeType)
    {
        var bare = mimeType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return Formats.FirstOrDefault(f => f.MimeTypes.Contains(bare, StringComparer.Ordinal));
    }
}
