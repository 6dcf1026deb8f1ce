using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Formats;

public class AssetHandlersTests
{
    [Theory]
    [MemberData(nameof(TestFiles.FixtureNames), MemberType = typeof(TestFiles))]
    public void Fixtures_are_recognised_from_their_bytes(string name)
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture(name));
        var expected = Path.GetExtension(name) == ".png" ? AssetFormat.Png : AssetFormat.Jpeg;
        Assert.Equal(expected, AssetHandlers.Detect(bytes).Format);
    }

    [Fact]
    public void WebP_is_recognised_from_its_bytes()
    {
        var bytes = File.ReadAllBytes(ToolSamples.Instance.CwebpLossy("baboon.jpg", 75));
        Assert.Equal(AssetFormat.WebP, AssetHandlers.Detect(bytes).Format);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 })]
    public void Unknown_signatures_are_refused(byte[] header)
    {
        var e = Assert.Throws<InvalidMediaException>(() => AssetHandlers.Detect(header));
        Assert.Equal(MediaError.UnsupportedFormat, e.Error);
    }

    [Fact]
    public void A_declared_type_must_match_the_bytes()
    {
        var jpeg = File.ReadAllBytes(TestFiles.Photo("baboon.jpg"));
        Assert.Same(AssetHandlers.For(AssetFormat.Jpeg), AssetHandlers.Open(jpeg, MediaLimits.Default, "image/jpg"));
        Assert.Same(AssetHandlers.For(AssetFormat.Jpeg), AssetHandlers.Open(jpeg, MediaLimits.Default, "IMAGE/JPEG; q=1"));
        var mismatch = Assert.Throws<InvalidMediaException>(() => AssetHandlers.Open(jpeg, MediaLimits.Default, "image/png"));
        Assert.Equal(MediaError.FormatMismatch, mismatch.Error);
        var unknown = Assert.Throws<InvalidMediaException>(() => AssetHandlers.Open(jpeg, MediaLimits.Default, "image/gif"));
        Assert.Equal(MediaError.UnsupportedFormat, unknown.Error);
    }

    [Fact]
    public void The_file_size_limit_is_checked_first()
    {
        var jpeg = File.ReadAllBytes(TestFiles.Photo("baboon.jpg"));
        var limits = new MediaLimits { MaxFileBytes = jpeg.Length - 1 };
        var e = Assert.Throws<InvalidMediaException>(() => AssetHandlers.Open(jpeg, limits));
        Assert.Equal(MediaError.TooLarge, e.Error);
    }
}
