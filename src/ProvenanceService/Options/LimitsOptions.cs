using System.ComponentModel.DataAnnotations;
using Provenance.Core;

namespace ProvenanceService.Options;

/// <summary>Bounds on untrusted media (configuration section "Limits").</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest accepted file in bytes (default 100 MiB); larger ones are refused before parsing.</summary>
    [Range(1024, int.MaxValue)]
    public long MaxFileBytes { get; set; } = MediaLimits.Default.MaxFileBytes;

    /// <summary>Largest accepted width x height (default 100 megapixels), checked before pixels are allocated.</summary>
    [Range(65_536, 1_000_000_000)]
    public long MaxPixels { get; set; } = MediaLimits.Default.MaxPixels;

    /// <summary>
    /// Largest accepted MP4/MOV in bytes (default 2 GiB). A call's media is held in memory until it is spooled, so a
    /// clip sent over Sign/Verify or their streams is also bounded by MaxFileBytes and the RPC message limit.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxVideoBytes { get; set; } = MediaLimits.Default.MaxVideoBytes;

    /// <summary>Longest accepted clip in seconds (default 600), read by ffprobe before any frame is decoded.</summary>
    [Range(1, 86_400)]
    public double MaxVideoSeconds { get; set; } = MediaLimits.Default.MaxVideoSeconds;

    /// <summary>How far a PNG's image stream may inflate past what its header needs (default 64 KiB) before it is refused.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int InflateSlackBytes { get; set; } = MediaLimits.Default.InflateSlackBytes;

    public MediaLimits ToMediaLimits() => new()
    {
        MaxFileBytes = MaxFileBytes,
        MaxPixels = MaxPixels,
        MaxVideoBytes = MaxVideoBytes,
        MaxVideoSeconds = MaxVideoSeconds,
        InflateSlackBytes = InflateSlackBytes,
    };
}
