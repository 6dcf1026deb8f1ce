using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Tests.Pipeline;
using Xunit.Abstractions;

namespace Provenance.Core.Tests.Imaging.Jpeg;

/// <summary>
/// Sign decides whether to shape the mark from a prediction of the bytes it adds (JpegMarkShaper.PredictAddedBytes)
/// instead of from a first encode. The prediction must agree with the real encode: on the large corpus photos made
/// JPEGs at the qualities the growth bench uses, the marked encode's bytes less the unmarked encode's bytes.
/// </summary>
public sealed class JpegGrowthPredictionTests(PipelineFixture pipeline, ITestOutputHelper output) : IClassFixture<PipelineFixture>
{
    /// <summary>How far the prediction may be from the encode, as a share of the input's bytes (measured: within 1.5%; the budget it decides on is 15%).</summary>
    private const double Tolerance = 0.02;

    public static TheoryData<string, int> Inputs()
    {
        var data = new TheoryData<string, int>();
        foreach (var photo in new[] { "FreshFlower.jpg", "Aqua.jpg", "Garden.jpg", "Blinds.jpg", "board.jpg", "leuvenA.jpg", "home.jpg" })
        {
            foreach (int quality in new[] { 75, 85, 95 })
            {
                data.Add(photo, quality);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Predicted_added_bytes_agree_with_the_encode(string photo, int quality)
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo)))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(quality));
        }
        using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
        var settings = planes.Info.SourceSettings;
        var table = JpegQualityEstimator.LuminanceTable(settings.Quality);
        long unmarked = JpegCodec.EncodeYuv(planes.Image, settings, metadata: null).Length;
        using var shaper = JpegMarkShaper.Capture(planes.Image);
        pipeline.Watermarker.Embed(planes.Image, 0x0123456789ABCDEF);

        long predicted = shaper.PredictAddedBytes(table);
        long actual = JpegCodec.EncodeYuv(planes.Image, settings, metadata: null).Length - unmarked;

        output.WriteLine($"{photo} q{quality}: input {input.Length}, added {actual} ({(double)actual / input.Length:P1}), predicted {predicted} ({(double)predicted / input.Length:P1})");
        Assert.True(actual > 0, "the mark adds bytes");
        Assert.InRange((double)(predicted - actual) / input.Length, -Tolerance, Tolerance);
    }
}

/// <summary>The shaper's vector loops (load, mask, scale, store) against its scalar ones: the same shaped plane, byte for byte.</summary>
public sealed class JpegMarkShaperVectorTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("FreshFlower.jpg", 85)]
    [InlineData("Garden.jpg", 95)]
    [InlineData("board.jpg", 75)]
    public void Vector_shaping_equals_scalar_shaping(string photo, int quality)
    {
        var input = Jpeg(photo, quality);
        Assert.Equal(Shaped(input, quality, (_, _) => true, useVectors: false), Shaped(input, quality, (_, _) => true, useVectors: true));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void Vector_shaping_of_some_blocks_equals_scalar_shaping(int every)
    {
        // As the small-image path shapes: a selection of blocks, which leaves groups part filled and a last one short.
        const int quality = 90;
        var input = Jpeg("FreshFlower.jpg", quality);
        Func<int, int, bool> selected = (b, count) => b % every == 0 || b == count - 2;
        Assert.Equal(Shaped(input, quality, selected, useVectors: false), Shaped(input, quality, selected, useVectors: true));
    }

    private static byte[] Jpeg(string photo, int quality)
    {
        using var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo));
        return ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(quality));
    }

    /// <summary>The marked luma of <paramref name="input"/> shaped in the blocks <paramref name="selected"/> takes (index, count).</summary>
    private byte[] Shaped(byte[] input, int quality, Func<int, int, bool> selected, bool useVectors)
    {
        using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
        using var shaper = JpegMarkShaper.Capture(planes.Image);
        pipeline.Watermarker.Embed(planes.Image, 42);
        var drawn = planes.Image.Plane(0).ToArray();
        int count = planes.Image.Width / 8 * (planes.Image.Height / 8);
        var blocks = Enumerable.Range(0, count).Select(b => selected(b, count)).ToArray();
        shaper.Shape(JpegQualityEstimator.LuminanceTable(quality), blocks.All(b => b) ? null : blocks, useVectors);
        var shaped = planes.Image.Plane(0).ToArray();
        Assert.NotEqual(drawn, shaped);
        return shaped;
    }
}

/// <summary>
/// Sign shapes after predicting, and the shaping takes the blocks the prediction transformed from it
/// (JpegPredictedBlocks): the prediction must not change, nor the shaped plane differ from the definition's.
/// </summary>
public sealed class JpegPredictedBlocksTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("FreshFlower.jpg", 95, 8)]
    [InlineData("Garden.jpg", 90, 2)]
    [InlineData("board.jpg", 75, 1)]
    public void Shaping_from_the_predicted_blocks_equals_scalar_shaping(string photo, int quality, int rowStep)
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo)))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(quality));
        }
        var table = JpegQualityEstimator.LuminanceTable(quality);
        (byte[] Plane, long Predicted) Shaped(bool keep)
        {
            using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
            using var shaper = JpegMarkShaper.Capture(planes.Image);
            pipeline.Watermarker.Embed(planes.Image, 42);
            using var predicted = new JpegPredictedBlocks(planes.Image.Width / 8, planes.Image.Height / 8, planes.Image.Height / 8);
            long bytes = shaper.PredictAddedBytes(table, rowStep, keep ? predicted : null);
            if (keep)
            {
                // As Sign: the fine estimate after the coarse one, over rows that are partly kept already.
                Assert.Equal(bytes, shaper.PredictAddedBytes(table, rowStep, predicted));
                shaper.Shape(table, blocks: null, useVectors: true, predicted);
            }
            else
            {
                shaper.Shape(table, blocks: null, useVectors: false);
            }
            return (planes.Image.Plane(0).ToArray(), bytes);
        }

        var definition = Shaped(keep: false);
        var kept = Shaped(keep: true);
        Assert.Equal(definition.Predicted, kept.Predicted);
        Assert.Equal(definition.Plane, kept.Plane);
    }
}

/// <summary>The shaper's PSNR: the vector sum of squared differences against the scalar one.</summary>
public sealed class JpegMarkShaperPsnrTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public void Vector_psnr_equals_scalar_psnr()
    {
        // 1000 x 667: rows that are not a multiple of the vector width, and planes padded past the image.
        using var decoded = ImageCodec.Decode(PipelineFixture.Photo("Garden.jpg"));
        using var frame = Provenance.Core.Imaging.Transforms.Crop.Apply(decoded.Frame, 3, 5, 1000, 667);
        var input = ImageCodec.Encode(frame, EncodeSettings.Jpeg(90));
        using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
        using var shaper = JpegMarkShaper.Capture(planes.Image);
        Assert.Equal(double.PositiveInfinity, shaper.Psnr());
        pipeline.Watermarker.Embed(planes.Image, 42);
        double scalar = shaper.Psnr(useVectors: false);
        Assert.InRange(scalar, 35, 50);
        Assert.Equal(scalar, shaper.Psnr(useVectors: true));
    }
}

/// <summary>
/// The coarse estimate (every eighth row of blocks) decides alone only where it is more than half the budget's margin
/// from the budget; it must then be on the same side as the fine one, or the quick answer would shape what the fine one
/// would not (or the reverse).
/// </summary>
public sealed class JpegQuickPredictionTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData("FreshFlower.jpg", 85)]
    [InlineData("Aqua.jpg", 95)]
    [InlineData("Garden.jpg", 75)]
    [InlineData("Blinds.jpg", 85)]
    [InlineData("board.jpg", 95)]
    [InlineData("leuvenA.jpg", 75)]
    public void The_coarse_estimate_is_within_half_the_margin_of_the_fine_one(string photo, int quality)
    {
        byte[] input;
        using (var decoded = ImageCodec.Decode(PipelineFixture.Photo(photo)))
        {
            input = ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(quality));
        }
        using var planes = JpegCodec.TryDecodeYuv(input, MediaLimits.Default)!;
        var table = JpegQualityEstimator.LuminanceTable(quality);
        using var shaper = JpegMarkShaper.Capture(planes.Image);
        pipeline.Watermarker.Embed(planes.Image, 0x0123456789ABCDEF);

        long coarse = shaper.PredictAddedBytes(table, JpegMarkShaper.QuickSampleStep);
        long fine = shaper.PredictAddedBytes(table);

        // Half the margin (7.5% of the input) is the distance at which the coarse answer is trusted; it must be off
        // by much less than that.
        Assert.InRange((double)(coarse - fine) / input.Length, -0.03, 0.03);
    }
}
