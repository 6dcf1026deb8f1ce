namespace Provenance.Core.Formats;

/// <summary>
/// Metadata carried across a pixel re-encode, as raw payloads in a format-neutral form: EXIF as a TIFF
/// structure (starting "II*\0" or "MM\0*"), ICC as the profile bytes, XMP as the packet text, IPTC as the
/// IIM records (the Photoshop 8BIM resource in JPEG). Any of them may be absent.
/// </summary>
public sealed record AssetMetadata(byte[]? Exif, byte[]? IccProfile, string? Xmp, byte[]? Iptc)
{
    public static AssetMetadata Empty { get; } = new(null, null, null, null);

    /// <summary>
    /// JPEG only: the extended XMP serialisation that <see cref="Xmp"/> points to through xmpNote:HasExtendedXMP
    /// (packets over 64 KB are split this way). Written back only into JPEG; other formats have no such split.
    /// </summary>
    public byte[]? ExtendedXmp { get; init; }

    public bool IsEmpty => Exif is null && IccProfile is null && Xmp is null && Iptc is null && ExtendedXmp is null;
}
