using Provenance.Core.Fingerprint;
using Provenance.Core.Imaging;
using Provenance.Testing;

namespace Provenance.Core.Tests.Fingerprint;

public sealed class FingerprintMatcherTests
{
    private static readonly string[] Photos = ["Garden.jpg", "Dune.jpg", "board.jpg", "baboon.jpg", "fruits.jpg"];

    private static DecodedImage Decode(string name) =>
        ImageCodec.Decode(File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, name)));

    private static PerceptualFingerprint Stored(ImageFrame frame) =>
        PerceptualFingerprint.FromBytes(PerceptualFingerprint.Compute(frame).ToBytes());

    [Theory]
    [MemberData(nameof(PhotoNames))]
    public void A_re_encoded_copy_matches(string name)
    {
        using var original = Decode(name);
        var stored = Stored(original.Frame);
        using var copy = ImageCodec.Decode(ImageCodec.Encode(original.Frame, EncodeSettings.Jpeg(50)));

        var match = FingerprintMatcher.Match(stored, copy.Frame);
        Assert.True(match.Matches, $"score {match.Score:F3}");
        Assert.InRange(match.CoveredArea, 0.95, 1.0);
    }

    [Theory]
    [MemberData(nameof(PhotoNames))]
    public void A_cropped_and_brightened_copy_matches(string name)
    {
        using var original = Decode(name);
        var stored = Stored(original.Frame);
        // Keep the top-right 75% x 70% (52% of the area) and brighten it by a quarter.
        var frame = original.Frame;
        int width = frame.Width * 3 / 4, height = frame.Height * 7 / 10, left = frame.Width - width;
        using var crop = ImageFrame.Allocate(width, height, frame.Format);
        for (var y = 0; y < height; y++)
        {
            var source = frame.Row(y).Slice(left * frame.BytesPerPixel, width * frame.BytesPerPixel);
            var target = crop.Row(y);
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = (byte)Math.Min(255, source[i] * 5 / 4);
            }
        }

        var match = FingerprintMatcher.Match(stored, crop);
        Assert.True(match.Matches, $"score {match.Score:F3}");
        Assert.InRange(match.CoveredArea, 0.45, 0.60);
    }

    [Fact]
    public void No_photo_matches_another_ones_fingerprint()
    {
        var decoded = Photos.Select(Decode).ToList();
        try
        {
            var stored = decoded.Select(d => Stored(d.Frame)).ToList();
            for (var i = 0; i < decoded.Count; i++)
            {
                for (var j = 0; j < decoded.Count; j++)
                {
                    if (i != j)
                    {
                        var match = FingerprintMatcher.Match(stored[j], decoded[i].Frame);
                        Assert.False(match.Matches, $"{Photos[i]} matched {Photos[j]} with {match.Score:F3}");
                    }
                }
            }
        }
        finally
        {
            decoded.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void Stored_bytes_round_trip_and_malformed_bytes_are_refused()
    {
        using var image = Decode("home.jpg");
        var bytes = PerceptualFingerprint.Compute(image.Frame).ToBytes();
        Assert.Equal(bytes, PerceptualFingerprint.FromBytes(bytes).ToBytes());
        Assert.InRange(bytes.Length, 100, 13 + PerceptualFingerprint.ThumbnailLongSide * PerceptualFingerprint.ThumbnailLongSide);

        Assert.Throws<FormatException>(() => PerceptualFingerprint.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => PerceptualFingerprint.FromBytes([]));
        var wrongSize = (byte[])bytes.Clone();
        wrongSize[9] = 0xFF; // thumbnail width far beyond the limit
        Assert.Throws<FormatException>(() => PerceptualFingerprint.FromBytes(wrongSize));
    }

    public static TheoryData<string> PhotoNames() => new(Photos);
}
