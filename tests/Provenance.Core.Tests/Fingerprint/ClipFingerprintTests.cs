using Provenance.Core.Fingerprint;
using Provenance.Core.Video;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Fingerprint;

/// <summary>
/// The per-clip fingerprint: its stored form, the matcher on synthetic sequences (alignment in time and phase, no
/// match for other content), and on real corpus clips cut and re-encoded as a platform would (CRF 28 at 480p).
/// </summary>
public sealed class ClipFingerprintTests
{
    private const int Width = 24, Height = 18;

    [Fact]
    public void The_stored_form_round_trips_and_is_told_apart_from_an_image_fingerprint()
    {
        var fingerprint = Synthetic(seed: 1, count: 7);
        var bytes = fingerprint.ToBytes();
        var read = ClipFingerprint.FromBytes(bytes);

        Assert.True(ClipFingerprint.IsClipFingerprint(bytes));
        Assert.Equal((640, 480, Width, Height, 500, 7), (read.OriginalWidth, read.OriginalHeight, read.ThumbnailWidth, read.ThumbnailHeight,
            read.IntervalMilliseconds, read.Samples.Count));
        Assert.Equal(fingerprint.Samples.SelectMany(s => s), read.Samples.SelectMany(s => s));
        Assert.Throws<FormatException>(() => ClipFingerprint.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => ClipFingerprint.FromBytes([]));
        var image = new byte[bytes.Length];
        bytes.CopyTo(image, 0);
        image[0] = 1; // the image fingerprint's version byte
        Assert.False(ClipFingerprint.IsClipFingerprint(image));
        Assert.Throws<FormatException>(() => ClipFingerprint.FromBytes(image));
    }

    [Theory]
    [InlineData(1920, 1080, 24, 14)]
    [InlineData(1080, 1920, 14, 24)]
    [InlineData(640, 480, 24, 18)]
    [InlineData(4000, 100, 24, 4)]
    public void Thumbnails_keep_the_aspect_with_a_24_pixel_longer_side(int width, int height, int thumbnailWidth, int thumbnailHeight) =>
        Assert.Equal((thumbnailWidth, thumbnailHeight), ClipFingerprint.ThumbnailSize(width, height));

    [Fact]
    public void Long_clips_are_sampled_more_sparsely_so_the_record_stays_bounded()
    {
        Assert.Equal(500, ClipFingerprint.IntervalFor(10));
        Assert.Equal(500, ClipFingerprint.IntervalFor(1200));
        Assert.True(3600 * 1000 / ClipFingerprint.IntervalFor(3600) <= ClipFingerprint.MaxSamples);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 1)]
    [InlineData(11, 3)]
    public void A_segment_sampled_densely_from_inside_the_record_matches_at_any_offset_and_phase(int start, int phase)
    {
        var stored = Synthetic(seed: 2, count: 20);
        // Upload samples at four times the stored rate: the one in phase with the stored instants is the stored
        // thumbnail plus re-encoding noise, the others are halfway to the next one.
        var random = new Random(3);
        var upload = new List<byte[]>();
        for (var i = 0; i < 12; i++)
        {
            var index = start + (i + phase) / ClipFingerprintMatcher.Phases;
            var next = Math.Min(index + 1, stored.Samples.Count - 1);
            var t = (double)((i + phase) % ClipFingerprintMatcher.Phases) / ClipFingerprintMatcher.Phases;
            upload.Add(stored.Samples[index].Zip(stored.Samples[next], (a, b) => (byte)Math.Clamp(a + (b - a) * t + random.Next(-6, 7), 0, 255)).ToArray());
        }

        var match = ClipFingerprintMatcher.Match(stored, upload);
        Assert.True(match.Matches, $"score {match.Score:0.000}");
        Assert.True(match.Score > 0.97, $"score {match.Score:0.000}");
    }

    [Fact]
    public void Other_content_and_flat_frames_do_not_match()
    {
        var stored = Synthetic(seed: 4, count: 20);
        var other = Synthetic(seed: 5, count: 3).Samples.SelectMany(s => Enumerable.Repeat(s, ClipFingerprintMatcher.Phases)).ToList();
        var flat = Enumerable.Range(0, 12).Select(_ => Enumerable.Repeat((byte)16, Width * Height).ToArray()).ToList();

        var otherMatch = ClipFingerprintMatcher.Match(stored, other);
        Assert.False(otherMatch.Matches, $"score {otherMatch.Score:0.000}");
        Assert.Equal(0, ClipFingerprintMatcher.Match(stored, flat).Score);
        Assert.Throws<ArgumentException>(() => ClipFingerprintMatcher.Match(stored, [new byte[3]]));
    }

    [Fact]
    public void A_trimmed_re_encoded_480p_segment_matches_its_clip_and_not_another()
    {
        using var temp = new TempFolder("clip-fingerprint-");
        var directory = temp.Path;
        var box = VideoClips.Corpus("box.mp4");
        var record = ClipSampler.Fingerprint(box, VideoProbe.Probe(box, MediaLimits.Default));
        Assert.InRange(record.Samples.Count, 29, 31); // 15.18 s at 2 per second

        var same = Path.Combine(directory, "box-segment.mp4");
        VideoClips.ReEncodedSegment(box, same, 6.3, 3, 480, 28);
        var other = Path.Combine(directory, "megamind-segment.mp4");
        VideoClips.ReEncodedSegment(VideoClips.Corpus("megamind.mp4"), other, 4.1, 3, 480, 28);

        var sameMatch = Match(record, same);
        var otherMatch = Match(record, other);
        Assert.True(sameMatch.Matches, $"same clip: {sameMatch.Score:0.000}");
        Assert.False(otherMatch.Matches, $"other clip: {otherMatch.Score:0.000}");
    }

    private static FingerprintMatch Match(ClipFingerprint record, string upload) =>
        ClipFingerprintMatcher.Match(record, ClipSampler.Segment(upload, VideoProbe.Probe(upload, MediaLimits.Default), record));

    /// <summary>A record of smooth random thumbnails (blobs, like real frames at this size), consecutive samples correlated.</summary>
    private static ClipFingerprint Synthetic(int seed, int count)
    {
        var random = new Random(seed);
        var samples = new List<byte[]>();
        double cx = random.NextDouble() * Width, cy = random.NextDouble() * Height;
        for (var i = 0; i < count; i++)
        {
            cx = (cx + random.NextDouble() * 6 - 3 + Width) % Width;
            cy = (cy + random.NextDouble() * 6 - 3 + Height) % Height;
            var phase = random.NextDouble() * Math.PI;
            var sample = new byte[Width * Height];
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                    sample[y * Width + x] = (byte)Math.Clamp(128 + 90 * Math.Cos(d / 3 + phase) + random.Next(-8, 9), 0, 255);
                }
            }
            samples.Add(sample);
        }
        return new ClipFingerprint(640, 480, Width, Height, 500, samples);
    }
}
