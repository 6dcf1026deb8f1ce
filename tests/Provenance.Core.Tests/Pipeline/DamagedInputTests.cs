using Provenance.Core.Verification;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// The damaged-input rule (docs/robustness.md): a file whose pixels are truncated or corrupt is refused with the
/// same <see cref="InvalidMediaException"/> by Sign and by Verify (issue 20 saw MISSING for a cut unsigned JPEG),
/// unless its embedded manifest's data hash fails: then the manifest alone proves it was altered after signing,
/// and Verify says tampered, as c2pa-rs does, with the decode error as the pixel error.
/// </summary>
public class DamagedInputTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("home.jpg", 2)]
    [InlineData("home.jpg", 4)]
    [InlineData("building.jpg", 3)]
    public async Task A_jpeg_cut_inside_its_scan_gets_the_same_error_from_Sign_and_Verify(string photo, int fraction)
    {
        var file = PipelineFixture.Photo(photo);
        var cut = file[..(file.Length - file.Length / fraction)];
        var signError = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(cut));
        var verifyError = await Assert.ThrowsAsync<InvalidMediaException>(() => Verify(cut));
        Assert.Equal(MediaError.Truncated, signError.Error);
        Assert.Equal((signError.Error, signError.Message), (verifyError.Error, verifyError.Message));
    }

    [Fact]
    public async Task A_signed_jpeg_cut_inside_its_scan_is_tampered_by_its_manifest()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("building.jpg")).Bytes;
        Assert.Equal(Verdict.Verified, (await Verify(signed)).Decision.Verdict);
        var cut = signed[..(signed.Length * 3 / 4)];
        Assert.Equal(MediaError.Truncated, Assert.Throws<InvalidMediaException>(() => pipeline.Sign(cut)).Error);
        var outcome = await Verify(cut);
        Assert.Equal(Verdict.Tampered, outcome.Decision.Verdict);
        Assert.Contains(Core.C2pa.Validation.StatusCodes.AssertionDataHashMismatch, outcome.Embedded.FailureCodes);
        Assert.Contains("Premature end", outcome.PixelError);
    }

    [Fact]
    public async Task A_signed_png_with_corrupt_image_data_is_refused_by_Sign_and_tampered_for_Verify()
    {
        var signed = pipeline.Sign(PipelineFixture.Photo("graf1.png")).Bytes;
        // Flip a byte in the middle of the file (inside IDAT): libpng's CRC check refuses it.
        signed[signed.Length / 2] ^= 0x55;
        Assert.Equal(MediaError.Corrupt, Assert.Throws<InvalidMediaException>(() => pipeline.Sign(signed)).Error);
        var outcome = await Verify(signed);
        Assert.Equal(Verdict.Tampered, outcome.Decision.Verdict);
        Assert.Contains("libpng", outcome.PixelError);
    }

    [Fact]
    public async Task An_unsigned_png_with_corrupt_image_data_gets_the_same_error_from_Sign_and_Verify()
    {
        var png = PipelineFixture.Photo("graf1.png");
        png[png.Length / 2] ^= 0x55;
        var signError = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(png));
        var verifyError = await Assert.ThrowsAsync<InvalidMediaException>(() => Verify(png));
        Assert.Equal(MediaError.Corrupt, verifyError.Error);
        Assert.Equal((signError.Error, signError.Message), (verifyError.Error, verifyError.Message));
    }

    private Task<VerificationOutcome> Verify(byte[] media) => pipeline.Verifier.VerifyAsync(media, null, false, null, default);
}
