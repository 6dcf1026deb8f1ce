using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.IO;

namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// The EXIF Orientation tag (TIFF 274): how viewers turn the stored pixels for display. A label must read upright
/// at the requested corner of the image as shown, so it is laid out in display coordinates and then turned into
/// the stored grid (<see cref="ToStored"/>). Values 1-8 as in TIFF 6.0 / EXIF 2.3; anything else counts as 1.
/// </summary>
internal readonly record struct ExifOrientation(int Value)
{
    public static ExifOrientation Normal { get; } = new(1);

    /// <summary>True for 5-8: the display swaps width and height.</summary>
    public bool SwapsAxes => Value >= 5;

    /// <summary>The orientation in an EXIF payload (a TIFF structure, as <see cref="Formats.AssetMetadata.Exif"/>); 1 when absent or malformed.</summary>
    public static ExifOrientation Read(byte[]? exif)
    {
        if (exif is null)
        {
            return Normal;
        }
        try
        {
            foreach (var directory in new ExifReader().Extract(new ByteArrayReader(exif)))
            {
                if (directory is ExifIfd0Directory && directory.TryGetInt32(ExifDirectoryBase.TagOrientation, out int value) && value is >= 1 and <= 8)
                {
                    return new ExifOrientation(value);
                }
            }
        }
        catch (Exception e) when (e is MetadataExtractor.ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            // A broken EXIF block is kept as it is by Sign; viewers that cannot read it show the pixels unturned.
        }
        return Normal;
    }

    /// <summary>
    /// The stored pixel shown at display pixel (<paramref name="dx"/>, <paramref name="dy"/>) of an image stored
    /// as <paramref name="width"/> x <paramref name="height"/>.
    /// </summary>
    public (int X, int Y) ToStored(int dx, int dy, int width, int height) => Value switch
    {
        2 => (width - 1 - dx, dy),
        3 => (width - 1 - dx, height - 1 - dy),
        4 => (dx, height - 1 - dy),
        5 => (dy, dx),
        6 => (dy, height - 1 - dx),
        7 => (width - 1 - dy, height - 1 - dx),
        8 => (width - 1 - dy, dx),
        _ => (dx, dy),
    };
}
