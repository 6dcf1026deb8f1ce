using System.IO.Compression;
using Provenance.Core;
using Provenance.Core.Formats.Png;
using Provenance.Core.Imaging;
using Provenance.Core.Tests.Pipeline;
using Provenance.Core.Tests.TestData;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Imaging;

/// <summary>
/// The IDAT inflation bound: a PNG whose image stream inflates past what its header needs is refused before
/// libpng inflates it, by the codec and by both pipelines; valid files (every colour type, Adam7) pass because
/// the need is computed exactly.
/// </summary>
public class InflationBoundTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public void A_png_whose_idat_inflates_to_a_gibibyte_is_refused_as_corrupt()
    {
        // 1000 x 1000 RGB needs 3,001,000 bytes of filtered rows; the stream holds 1 GiB of zeros in about 1 MB.
        var bomb = InflationBomb.Png(1000, 1000, 1024);
        Assert.InRange(bomb.Length, 100_000, 4_000_000);
        var e = Assert.Throws<InvalidMediaException>(() => ImageCodec.Decode(bomb));
        Assert.Equal(MediaError.Corrupt, e.Error);
        Assert.Contains("inflates past", e.Message);
    }

    [Fact]
    public async Task Sign_and_Verify_refuse_the_bomb_with_the_same_error()
    {
        var bomb = InflationBomb.Png(1000, 1000, 1024);
        var signError = Assert.Throws<InvalidMediaException>(() => pipeline.Sign(bomb));
        var verifyError = await Assert.ThrowsAsync<InvalidMediaException>(() => pipeline.Verifier.VerifyAsync(bomb, null, false, null, default));
        Assert.Equal((MediaError.Corrupt, signError.Message), (verifyError.Error, verifyError.Message));
    }

    [Fact]
    public void The_slack_is_a_setting()
    {
        // 1024 x 341 RGB needs 1,047,893 bytes; the stream inflates to 2 MiB: past the default 64 KiB of slack, within 2 MiB.
        var bomb = InflationBomb.Png(1024, 341, 2);
        Assert.Contains("inflates past", Assert.Throws<InvalidMediaException>(() => ImageCodec.Decode(bomb, MediaLimits.Default)).Message);
        try
        {
            using var decoded = ImageCodec.Decode(bomb, new MediaLimits { InflateSlackBytes = 2 << 20 });
        }
        catch (InvalidMediaException e)
        {
            // Past the bound's check, libpng judges the extra data itself.
            Assert.DoesNotContain("inflates past", e.Message);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaLimits { InflateSlackBytes = -1 });
    }

    [Theory]
    [InlineData("interlaced")]
    [InlineData("palette")]
    [InlineData("gray16")]
    [InlineData("rgba")]
    public void The_need_is_what_real_files_inflate_to(string variant)
    {
        var file = File.ReadAllBytes(ToolSamples.Instance.PngVariant("home.jpg", variant));
        var layout = PngLayout.Parse(file);
        using var idat = new MemoryStream();
        foreach (var chunk in layout.Chunks.Where(c => c.Type == PngChunkType.Idat))
        {
            idat.Write(chunk.Data(file));
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        zlib.CopyTo(inflated);
        Assert.Equal(inflated.Length, layout.Header.ImageDataLength);
    }

    [Fact]
    public void The_adam7_need_matches_a_pixel_by_pixel_count()
    {
        // Adam7's pass of each pixel from the 8x8 pattern (PNG specification 8.2), counted independently of the formula.
        int[,] pattern =
        {
            { 1, 6, 4, 6, 2, 6, 4, 6 }, { 7, 7, 7, 7, 7, 7, 7, 7 }, { 5, 6, 5, 6, 5, 6, 5, 6 }, { 7, 7, 7, 7, 7, 7, 7, 7 },
            { 3, 6, 4, 6, 3, 6, 4, 6 }, { 7, 7, 7, 7, 7, 7, 7, 7 }, { 5, 6, 5, 6, 5, 6, 5, 6 }, { 7, 7, 7, 7, 7, 7, 7, 7 },
        };
        foreach (var (depth, color, channels) in new[] { (8, PngHeader.Rgb, 3), (1, PngHeader.Gray, 1), (16, PngHeader.Rgba, 4) })
        {
            for (int width = 1; width <= 19; width++)
            {
                for (int height = 1; height <= 19; height++)
                {
                    long expected = 0;
                    for (int pass = 1; pass <= 7; pass++)
                    {
                        var rows = new Dictionary<int, int>();
                        for (int y = 0; y < height; y++)
                        {
                            for (int x = 0; x < width; x++)
                            {
                                if (pattern[y % 8, x % 8] == pass)
                                {
                                    rows[y] = rows.GetValueOrDefault(y) + 1;
                                }
                            }
                        }
                        expected += rows.Values.Sum(pixels => 1 + ((long)pixels * channels * depth + 7) / 8);
                    }
                    var header = new PngHeader(width, height, (byte)depth, color, Interlaced: true);
                    Assert.True(expected == header.ImageDataLength, $"{width}x{height} depth {depth}: {header.ImageDataLength}, counted {expected}");
                }
            }
        }
    }
}
