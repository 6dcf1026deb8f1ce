namespace Provenance.Core.Formats;

/// <summary>A registered format as callers outside Core see it.</summary>
public sealed record MediaFormatInfo(AssetFormat Format, MediaKind Kind, string MimeType, HardBindingKind HardBinding);

/// <summary>Recognises a format from a file's first bytes, for callers outside Core (e.g. folder scans).</summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes are enough to decide.</summary>
    public const int HeaderLength = AssetHandlers.SignatureLength;

    /// <summary>Every format in the registry (images, video, audio), in registry order.</summary>
    public static IReadOnlyList<MediaFormatInfo> SupportedFormats { get; } =
        AssetHandlers.Formats.Select(f => new MediaFormatInfo(f.Format, f.Kind, f.MimeType, f.HardBinding)).ToList();

    /// <summary>
    /// The still-image format <paramref name="header"/> starts with, or null. Images only: the CLI's folder scans feed
    /// what this finds to the image Sign/Verify path, which videos do not take yet.
    /// </summary>
    public static AssetFormat? Detect(ReadOnlySpan<byte> header) =>
        AssetHandlers.TryDetect(header, out var handler) ? handler.Format : null;

    /// <summary>Any registered format <paramref name="header"/> starts with (image, video or audio), or null.</summary>
    public static MediaFormatInfo? DetectAny(ReadOnlySpan<byte> header)
    {
        var format = AssetHandlers.DetectFormat(header);
        return format is null ? null : SupportedFormats.First(f => f.Format == format.Format);
    }

    /// <summary>True when <paramref name="header"/> starts an MP4 or MOV file (video, not M4A audio).</summary>
    public static bool IsVideo(ReadOnlySpan<byte> header) => AssetHandlers.DetectFormat(header) is { Kind: MediaKind.Video };
}
