using System.Buffers.Binary;
using Provenance.Core.Imaging;

namespace Provenance.Core.Fingerprint;

/// <summary>
/// What the store keeps of a signed image's content, to tell whether an upload shows the same picture: a grey
/// thumbnail (longer side <see cref="ThumbnailLongSide"/>) and the original size. Compact (at most ~16 KB) and
/// enough to find a cropped, rescaled or re-encoded copy by correlation (<see cref="FingerprintMatcher"/>).
/// </summary>
public sealed class PerceptualFingerprint
{
    public const int ThumbnailLongSide = 128;
    private const byte FormatVersion = 1;
    private const int HeaderLength = 13;

    private PerceptualFingerprint(int originalWidth, int originalHeight, LumaPlane thumbnail)
    {
        OriginalWidth = originalWidth;
        OriginalHeight = originalHeight;
        Thumbnail = thumbnail;
    }

    public int OriginalWidth { get; }
    public int OriginalHeight { get; }
    internal LumaPlane Thumbnail { get; }

    public static PerceptualFingerprint Compute(ImageFrame frame) => Compute(new RgbFrameLuma(frame));

    internal static PerceptualFingerprint Compute(ILumaImage image) =>
        new(image.Width, image.Height, Quantize(LumaPlane.FromImage(image, ThumbnailLongSide)));

    /// <summary>version, original width and height (u32 BE), thumbnail width and height (u16 BE), grey bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderLength + Thumbnail.Values.Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)OriginalWidth);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)OriginalHeight);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(9), (ushort)Thumbnail.Width);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(11), (ushort)Thumbnail.Height);
        for (var i = 0; i < Thumbnail.Values.Length; i++)
        {
            bytes[HeaderLength + i] = (byte)Thumbnail.Values[i];
        }
        return bytes;
    }

    /// <summary>Reads stored bytes; throws <see cref="FormatException"/> when they are not a fingerprint of this version.</summary>
    public static PerceptualFingerprint FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a version-1 perceptual fingerprint.");
        }
        var originalWidth = BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
        var originalHeight = BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(bytes[9..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(bytes[11..]);
        if (width is 0 or > ThumbnailLongSide || height is 0 or > ThumbnailLongSide ||
            originalWidth is 0 or > int.MaxValue || originalHeight is 0 or > int.MaxValue ||
            bytes.Length != HeaderLength + width * height)
        {
            throw new FormatException("Perceptual fingerprint has inconsistent sizes.");
        }
        var values = new float[width * height];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = bytes[HeaderLength + i];
        }
        return new PerceptualFingerprint((int)originalWidth, (int)originalHeight, new LumaPlane(width, height, values));
    }

    // The stored form is bytes; quantise now so a fresh fingerprint and a stored one compare identically.
    private static LumaPlane Quantize(LumaPlane plane)
    {
        var values = new float[plane.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Round(Math.Clamp(plane.Values[i], 0, 255));
        }
        return new LumaPlane(plane.Width, plane.Height, values);
    }
}
