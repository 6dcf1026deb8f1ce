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

    public bool Matches(ReadOnlySpan<byte> header) => header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8) && Of(header.Slice(8, 4)) == this;

    /// <summary>The format a file with this ftyp major brand is.</summary>
    public static BmffFormat Of(ReadOnlySpan<byte> majorBrand) =>
        majorBrand.SequenceEqual("qt  "u8) ? Mov
        : majorBrand.SequenceEqual("M4A "u8) || majorBrand.SequenceEqual("M4B "u8) ? M4a
        : Mp4;
}
