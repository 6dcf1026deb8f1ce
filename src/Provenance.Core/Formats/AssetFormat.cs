namespace Provenance.Core.Formats;

/// <summary>The container formats the service knows (see <see cref="AssetHandlers"/> for what each one supports).</summary>
public enum AssetFormat
{
    Jpeg,
    Png,
    WebP,
    /// <summary>ISO BMFF with an MP4 (or other non-QuickTime, non-audio) brand.</summary>
    Mp4,
    /// <summary>QuickTime (ftyp major brand <c>qt  </c>).</summary>
    Mov,
    /// <summary>ISO BMFF audio (ftyp major brand <c>M4A </c>): read and validated here; signing belongs to the audio pipeline.</summary>
    M4a,
}
