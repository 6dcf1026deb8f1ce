using Provenance.Core.Formats;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// ContentSigner.Sign and ContentVerifier.VerifyAsync hand MP4/MOV to the video pipeline (ContentSigner.Video.cs,
/// ContentVerifier.Video.cs) and bound it before any work: the size limit is checked before a byte is spooled or
/// ffmpeg runs, so these tests need no real clip.
/// </summary>
public class VideoDispatchTests
{
    private static readonly MediaLimits Small = new() { MaxVideoBytes = 4096 };
    private static readonly Watermarker Watermarker = new(new WatermarkOptions { Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() });

    [Fact]
    public void An_mp4_over_MaxVideoBytes_is_refused_by_Sign_before_any_work()
    {
        using var credential = C2paTestKit.ExampleCredential();
        var signer = new ContentSigner(credential, Watermarker, Small);
        var error = Assert.Throws<InvalidMediaException>(() => signer.Sign(Bmff("isom", 5000), Input()));
        Assert.Equal(MediaError.TooLarge, error.Error);
        Assert.Contains("video", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mov_over_MaxVideoBytes_is_refused_by_Verify_before_any_work()
    {
        var verifier = new ContentVerifier(new C2paValidator(new C2paValidatorOptions()), Watermarker, Small);
        var error = await Assert.ThrowsAsync<InvalidMediaException>(() =>
            verifier.VerifyAsync(Bmff("qt  ", 5000), null, false, null, CancellationToken.None));
        Assert.Equal(MediaError.TooLarge, error.Error);
    }

    [Fact]
    public void Only_video_brands_go_to_the_video_pipeline()
    {
        Assert.True(MediaSniffer.IsVideo(Bmff("isom", 64)));
        Assert.True(MediaSniffer.IsVideo(Bmff("qt  ", 64)));
        Assert.False(MediaSniffer.IsVideo(Bmff("M4A ", 64))); // audio: the audio work's
        Assert.False(MediaSniffer.IsVideo([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1]));
    }

    [Theory]
    [InlineData("heic")]
    [InlineData("mif1")]
    [InlineData("avif")]
    public async Task A_heif_or_avif_image_is_refused_as_an_image_by_Sign_and_Verify(string brand)
    {
        // Same box structure as MP4: Verify used to answer "The video declares no duration" (AVIF) or ffprobe's
        // "moov atom not found" (HEIC), and Sign named the formats it takes without saying what the file was.
        Assert.False(MediaSniffer.IsVideo(Bmff(brand, 64)));
        using var credential = C2paTestKit.ExampleCredential();
        var signed = Assert.Throws<InvalidMediaException>(() => new ContentSigner(credential, Watermarker, MediaLimits.Default).Sign(Bmff(brand, 64), Input()));
        var verified = await Assert.ThrowsAsync<InvalidMediaException>(() =>
            new ContentVerifier(new C2paValidator(new C2paValidatorOptions()), Watermarker, MediaLimits.Default).VerifyAsync(Bmff(brand, 64), null, false, null, CancellationToken.None));
        foreach (var error in new[] { signed, verified })
        {
            Assert.Equal(MediaError.UnsupportedFormat, error.Error);
            Assert.Contains($"HEIF and AVIF images (ftyp brand '{brand}')", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_declared_type_that_names_another_format_is_a_mismatch()
    {
        using var credential = C2paTestKit.ExampleCredential();
        var signer = new ContentSigner(credential, Watermarker, MediaLimits.Default);
        var error = Assert.Throws<InvalidMediaException>(() => signer.Sign(Bmff("isom", 64), Input() with { DeclaredMimeType = "image/png" }));
        Assert.Equal(MediaError.FormatMismatch, error.Error);
    }

    /// <summary>An ftyp box with <paramref name="brand"/>, padded to <paramref name="length"/> bytes.</summary>
    private static byte[] Bmff(string brand, int length)
    {
        var bytes = new byte[length];
        bytes[3] = 16;
        "ftyp"u8.CopyTo(bytes.AsSpan(4));
        System.Text.Encoding.ASCII.GetBytes(brand).CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    private static SignInput Input() => new(new ContentGenerator("test", "Test Org", "TEST"), "model", null, null, 1, null);
}
