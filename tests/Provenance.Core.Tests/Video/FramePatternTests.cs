using Provenance.Core.Video;
using Provenance.Core.Watermark;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// The video mark's frame-to-frame stability: the deltas recorded while one frame is embedded are exactly what the
/// embedder added, and the frames after it take the very same deltas (no flicker); the scene-cut test that decides
/// when a new embedding is made.
/// </summary>
public sealed class FramePatternTests
{
    private static readonly Watermarker Scheme = new Watermarker(new WatermarkOptions { Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() }).Video;

    [Fact]
    public void Recorded_deltas_reproduce_the_embedding_on_the_same_frame()
    {
        const int width = 320, height = 256;
        var original = Texture(width, height, seed: 1);
        var marked = (byte[])original.Clone();
        var pattern = new FramePattern(width, height);
        Scheme.Embed(pattern.Record(marked), 0x0123456789abcdefUL);
        Assert.NotEqual(original, marked);

        var replayed = (byte[])original.Clone();
        pattern.ApplyTo(replayed);
        Assert.Equal(marked, replayed);
    }

    [Fact]
    public void The_next_frame_takes_the_same_deltas_where_nothing_clips()
    {
        const int width = 320, height = 256;
        var first = Texture(width, height, seed: 2);
        var pattern = new FramePattern(width, height);
        var markedFirst = (byte[])first.Clone();
        Scheme.Embed(pattern.Record(markedFirst), 42);

        // Another frame of the same size, kept inside 40..215 so that no delta clips.
        var next = Texture(width, height, seed: 3);
        var markedNext = (byte[])next.Clone();
        pattern.ApplyTo(markedNext);
        for (var p = 0; p < first.Length; p++)
        {
            Assert.Equal(markedFirst[p] - first[p], markedNext[p] - next[p]);
        }
    }

    [Fact]
    public void A_scene_cut_is_a_large_change_of_luma_and_camera_noise_is_not()
    {
        const int width = 320, height = 256;
        var frame = Texture(width, height, seed: 4);
        var noisy = frame.Select((v, i) => (byte)(v + (i % 7) - 3)).ToArray();
        var other = frame.Select(v => (byte)(255 - v)).ToArray();
        Assert.False(VideoWatermarker.SceneCut(frame, noisy, width, height));
        Assert.True(VideoWatermarker.SceneCut(frame, other, width, height));
    }

    [Fact]
    public void The_video_scheme_is_its_own_video_scheme_and_stays_within_its_psnr_bounds()
    {
        Assert.Same(Scheme, Scheme.Video);
        const int width = 320, height = 256;
        var frame = Texture(width, height, seed: 5);
        var embedding = Scheme.Embed(new FramePattern(width, height).Record(frame), 7);
        Assert.InRange(embedding.PsnrDb, 40.4, 43.1);
    }

    /// <summary>A smooth random texture in 40..215 (blocks of random grey, lightly varied), as a camera frame's luma.</summary>
    private static byte[] Texture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var blocks = new byte[(width / 16 + 1) * (height / 16 + 1)];
        random.NextBytes(blocks);
        var frame = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var block = blocks[(y / 16) * (width / 16 + 1) + x / 16];
                frame[y * width + x] = (byte)(40 + block * 160 / 255 + random.Next(16));
            }
        }
        return frame;
    }
}
