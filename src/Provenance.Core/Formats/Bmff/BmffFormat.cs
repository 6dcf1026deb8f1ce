namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The ISO BMFF formats in the registry. One container, told apart by the ftyp major brand: <c>qt  </c> is MOV,
/// <c>M4A </c>/<c>M4B </c> are audio, anything else with an ftyp first is MP4. Container work is in <see cref="BmffHandler"/>.
/// </summary>
internal sealed class BmffFormat : IMediaFormat
{
    public static BmffFormat Mp4 { get; } = new(AssetFormat.Mp4, MediaKind.Video, "MP4", ["video/mp4", "application/mp4"]);

    public static BmffFormat Mov { get; } = new(AssetFormat.Mov, MediaKind.Video, "MOV", ["video/quicktime"]);

    public static BmffFormat M4a { get; } = new(AssetFormat.M4a, MediaKind.Audio, "M4A", ["audio/mp4", "audio/x-m4a", "audio/m4a"]);

    private BmffFormat(AssetFormat format, MediaKind kind, string displayName, IReadOnlyList<string> mimeTypes)
    {
        Format = format;
        Kind = kind;
        DisplayName = displayName;
        MimeTypes = mimeTypes;
    }

    public AssetFormat Format { get; }

    public MediaKind Kind { get; }

    public string MimeType => MimeTypes[0];

    public IReadOnlyList<string> MimeTypes { get; }

    public HardBindingKind HardBinding => HardBindingKind.BmffHash;

    public string DisplayName { get; }

    public bool Matches(ReadOnlySpan<byte> header) => HasFtyp(header) && ImageBrand(header) is null && Of(header.Slice(8, 4)) == this;

    // Major brands of HEIF and AVIF still images and image sequences (ISO/IEC 23008-12, the AV1 image file format):
    // the same box structure as MP4, but no movie the video pipeline could sign or sample.
    private static readonly string[] ImageBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "mif2", "msf1", "avif", "avis", "avio"];

    /// <summary>
    /// Refuses a HEIF or AVIF image (UnsupportedFormat, naming its brand: a phone's photo is often one), which no
    /// format matches; returns for anything else.
    /// </summary>
    public static void ThrowIfImage(ReadOnlySpan<byte> header)
    {
        if (ImageBrand(header) is { } brand)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat,
                $"HEIF and AVIF images (ftyp brand '{brand}') are not supported; images are taken as {AssetHandlers.Describe(MediaKind.Image)}.");
        }
    }

    private static bool HasFtyp(ReadOnlySpan<byte> header) => header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8);

    private static string? ImageBrand(ReadOnlySpan<byte> header)
    {
        if (!HasFtyp(header))
        {
            return null;
        }
        var brand = System.Text.Encoding.ASCII.GetString(header.Slice(8, 4));
        return Array.IndexOf(ImageBrands, brand) >= 0 ? brand : null;
    }

    /// <summary>The format a file with this ftyp major brand is.</summary>
    public static BmffFormat Of(ReadOnlySpan<byte> majorBrand) =>
        majorBrand.SequenceEqual("qt  "u8) ? Mov
        : majorBrand.SequenceEqual("M4A "u8) || majorBrand.SequenceEqual("M4B "u8) ? M4a
        : Mp4;
}
