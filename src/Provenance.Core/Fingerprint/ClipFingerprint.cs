using System.Buffers.Binary;

namespace Provenance.Core.Fingerprint;

/// <summary>
/// What the store keeps of a signed clip's content, to tell whether an upload shows the same clip: a sequence of
/// tiny grey thumbnails (longer side <see cref="ThumbnailLongSide"/>, box-averaged) sampled every
/// <see cref="IntervalMilliseconds"/> over the whole clip. The image fingerprint's single 128-pixel thumbnail would
/// cost 9-16 KB per sample; a clip needs many samples so that a short trimmed segment of it can be found in time,
/// and at 24 pixels a sample is a few hundred bytes (a 10 s 16:9 clip about 7 KB; at most 1.4 MB, 2400 samples of 24x24).
/// Matching is <see cref="ClipFingerprintMatcher"/>.
/// </summary>
public sealed class ClipFingerprint
{
    public const int ThumbnailLongSide = 24;

    /// <summary>Samples every half second; longer clips than <see cref="MaxSamples"/> half seconds are sampled more sparsely.</summary>
    public const int BaseIntervalMilliseconds = 500;

    /// <summary>Bounds the stored size whatever the clip's length.</summary>
    public const int MaxSamples = 2400;

    /// <summary>
    /// First byte of the stored form. The image fingerprint (<see cref="PerceptualFingerprint"/>) starts with 1, so
    /// the store's one fingerprint column tells the kinds apart without a schema change.
    /// </summary>
    internal const byte FormatVersion = 0x56; // 'V'
    private const int HeaderLength = 17;

    internal ClipFingerprint(int originalWidth, int originalHeight, int thumbnailWidth, int thumbnailHeight, int intervalMilliseconds,
        IReadOnlyList<byte[]> samples)
    {
        OriginalWidth = originalWidth;
        OriginalHeight = originalHeight;
        ThumbnailWidth = thumbnailWidth;
        ThumbnailHeight = thumbnailHeight;
        IntervalMilliseconds = intervalMilliseconds;
        Samples = samples;
    }

    public int OriginalWidth { get; }
    public int OriginalHeight { get; }
    public int ThumbnailWidth { get; }
    public int ThumbnailHeight { get; }
    public int IntervalMilliseconds { get; }

    /// <summary>One thumbnail per sampling instant (row-major grey bytes), in time order.</summary>
    internal IReadOnlyList<byte[]> Samples { get; }

    /// <summary>The thumbnail size for a frame size: aspect kept, longer side <see cref="ThumbnailLongSide"/>, even, at least 4.</summary>
    public static (int Width, int Height) ThumbnailSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Frame sizes are positive.");
        }
        var scale = (double)ThumbnailLongSide / Math.Max(width, height);
        static int Even(double v) => Math.Clamp(2 * (int)Math.Round(v / 2), 4, ThumbnailLongSide);
        return (Even(width * scale), Even(height * scale));
    }

    /// <summary>The sampling interval for a clip of <paramref name="durationSeconds"/>: half a second, or sparser so at most <see cref="MaxSamples"/> are kept.</summary>
    public static int IntervalFor(double durationSeconds) =>
        Math.Max(BaseIntervalMilliseconds, (int)Math.Ceiling(durationSeconds * 1000 / MaxSamples / 100) * 100);

    /// <summary>version, original width and height (u32 BE), thumbnail width and height (u16 BE), interval ms (u16 BE), sample count (u16 BE), grey bytes.</summary>
    public byte[] ToBytes()
    {
        var size = ThumbnailWidth * ThumbnailHeight;
        var bytes = new byte[HeaderLength + size * Samples.Count];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)OriginalWidth);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)OriginalHeight);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(9), (ushort)ThumbnailWidth);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(11), (ushort)ThumbnailHeight);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(13), (ushort)IntervalMilliseconds);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(15), (ushort)Samples.Count);
        for (var i = 0; i < Samples.Count; i++)
        {
            Samples[i].CopyTo(bytes.AsSpan(HeaderLength + i * size));
        }
        return bytes;
    }

    /// <summary>Whether stored fingerprint bytes are a clip's (rather than an image's or none).</summary>
    public static bool IsClipFingerprint(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes[0] == FormatVersion;

    /// <summary>Reads stored bytes; throws <see cref="FormatException"/> when they are not a clip fingerprint of this version.</summary>
    public static ClipFingerprint FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a version-1 clip fingerprint.");
        }
        var originalWidth = BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
        var originalHeight = BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(bytes[9..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(bytes[11..]);
        int interval = BinaryPrimitives.ReadUInt16BigEndian(bytes[13..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(bytes[15..]);
        if (width is < 1 or > ThumbnailLongSide || height is < 1 or > ThumbnailLongSide || interval < BaseIntervalMilliseconds ||
            count is 0 or > MaxSamples || originalWidth is 0 or > int.MaxValue || originalHeight is 0 or > int.MaxValue ||
            bytes.Length != HeaderLength + width * height * count)
        {
            throw new FormatException("Clip fingerprint has inconsistent sizes.");
        }
        var samples = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            samples[i] = bytes.Slice(HeaderLength + i * width * height, width * height).ToArray();
        }
        return new ClipFingerprint((int)originalWidth, (int)originalHeight, width, height, interval, samples);
    }
}
