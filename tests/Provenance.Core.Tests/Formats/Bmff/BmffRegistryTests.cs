using Provenance.Core.Formats;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Bmff;

/// <summary>The registry knows the ISO BMFF formats by brand and MIME type, and keeps image-only entry points image-only.</summary>
public class BmffRegistryTests
{
    [Theory]
    [InlineData("video1.mp4", AssetFormat.Mp4, MediaKind.Video)]
    [InlineData("c.mov", AssetFormat.Mov, MediaKind.Video)]
    [InlineData("sample1.m4a", AssetFormat.M4a, MediaKind.Audio)]
    public void Bmff_files_are_recognised_by_their_brand(string file, AssetFormat format, MediaKind kind)
    {
        var header = File.ReadAllBytes(Path.Combine(RepositoryPaths.C2paFixtures, "media", file)).AsSpan(0, MediaSniffer.HeaderLength);
        var found = MediaSniffer.DetectAny(header);
        Assert.Equal((format, kind, HardBindingKind.BmffHash), (found?.Format, found?.Kind, found?.HardBinding));
        Assert.Null(MediaSniffer.Detect(header));
    }

    [Fact]
    public void Mime_types_map_to_formats_and_a_declared_type_must_match()
    {
        Assert.Equal(AssetFormat.Mov, AssetHandlers.FormatFromMimeType("video/quicktime")?.Format);
        Assert.Equal(AssetFormat.Jpeg, AssetHandlers.FormatFromMimeType("image/jpg; q=1")?.Format);
        Assert.Null(AssetHandlers.FromMimeType("video/mp4")); // not an image handler
        var mp4 = AssetHandlers.FormatFromMimeType("video/mp4")!;
        Assert.Equal(MediaError.FormatMismatch,
            Assert.Throws<InvalidMediaException>(() => AssetHandlers.CheckDeclared(mp4, "video/quicktime")).Error);
        AssetHandlers.CheckDeclared(mp4, "audio/mp4"); // one container
        Assert.Equal("JPEG, PNG or WebP", AssetHandlers.Describe(MediaKind.Image));
        Assert.Equal("MP4 or MOV", AssetHandlers.Describe(MediaKind.Video));
    }
}
