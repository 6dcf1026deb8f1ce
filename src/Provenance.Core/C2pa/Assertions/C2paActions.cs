namespace Provenance.Core.C2pa.Assertions;

/// <summary>Action names and digital source types (IPTC vocabulary) this service uses.</summary>
internal static class C2paActions
{
    public const string Created = "c2pa.created";
    public const string Opened = "c2pa.opened";
    public const string Edited = "c2pa.edited";
    public const string Placed = "c2pa.placed";
    public const string Removed = "c2pa.removed";
    public const string Transcoded = "c2pa.transcoded";
    public const string Repackaged = "c2pa.repackaged";
    public const string Redacted = "c2pa.redacted";
    public const string Translated = "c2pa.translated";
    public const string EditedMetadata = "c2pa.edited.metadata";
    public const string Published = "c2pa.published";
    public const string Watermarked = "c2pa.watermarked";
    public const string WatermarkedBound = "c2pa.watermarked.bound";

    public const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    /// <summary>The actions an update manifest may contain (spec "Update Manifests").</summary>
    public static readonly IReadOnlySet<string> AllowedInUpdateManifest = new HashSet<string>(StringComparer.Ordinal) { EditedMetadata, Opened, Published, Redacted };
}
