namespace Provenance.Core.Formats;

/// <summary>Recognises a supported format from a file's first bytes, for callers outside Core (e.g. folder scans).</summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes are enough to decide.</summary>
    public const int HeaderLength = AssetHandlers.SignatureLength;

    public static AssetFormat? Detect(ReadOnlySpan<byte> header) =>
        AssetHandlers.TryDetect(header, out var handler) ? handler.Format : null;
}
