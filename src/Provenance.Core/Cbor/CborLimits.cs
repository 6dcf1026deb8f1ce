namespace Provenance.Core.Cbor;

/// <summary>Bounds applied while decoding untrusted CBOR.</summary>
internal sealed record CborLimits(int MaxDepth, int MaxInputBytes, int MaxItems)
{
    /// <summary>
    /// Limits for C2PA claims, assertions and signatures. Real manifests nest a handful of levels (ingredient
    /// validation results are the deepest at about eight); thumbnails are not CBOR, so 16 MiB is generous.
    /// </summary>
    public static CborLimits Manifest { get; } = new(MaxDepth: 32, MaxInputBytes: 16 * 1024 * 1024, MaxItems: 1_000_000);
}
