using System.Buffers.Binary;

namespace Provenance.Core.Formats.Jpeg;

/// <summary>The APPn identifiers of the metadata this service reads and writes, and a builder for new segments.</summary>
internal static class JpegAppSegments
{
    /// <summary>Largest payload a segment can hold: the 16-bit length counts itself.</summary>
    public const int MaxPayload = 65533;

    public static ReadOnlySpan<byte> Exif => "Exif\0\0"u8;
    public static ReadOnlySpan<byte> Xmp => "http://ns.adobe.com/xap/1.0/\0"u8;

    /// <summary>A variant some older Adobe writers used (same length); read as XMP, replaced by the standard one on write.</summary>
    public static ReadOnlySpan<byte> XmpVariant => "XMP\0://ns.adobe.com/xap/1.0/\0"u8;
    public static ReadOnlySpan<byte> ExtendedXmp => "http://ns.adobe.com/xmp/extension/\0"u8;
    public static ReadOnlySpan<byte> Icc => "ICC_PROFILE\0"u8;
    public static ReadOnlySpan<byte> Photoshop => "Photoshop 3.0\0"u8;
    public static ReadOnlySpan<byte> Jumbf => "JP"u8;

    /// <summary>ICC chunk header: identifier, 1-based sequence number, chunk count.</summary>
    public const int IccHeaderLength = 14;

    /// <summary>Extended XMP header: identifier, 32-digit GUID, full length, offset.</summary>
    public const int ExtendedXmpHeaderLength = 35 + 32 + 4 + 4;

    /// <summary>The largest main XMP packet one APP1 segment can carry.</summary>
    public const int MaxXmpPacket = MaxPayload - 29;

    public static bool IsExif(ReadOnlySpan<byte> file, JpegSegment s) => s.IsApp(file, JpegMarker.App1, Exif);
    public static bool IsXmp(ReadOnlySpan<byte> file, JpegSegment s) =>
        s.IsApp(file, JpegMarker.App1, Xmp) || s.IsApp(file, JpegMarker.App1, XmpVariant);
    public static bool IsExtendedXmp(ReadOnlySpan<byte> file, JpegSegment s) => s.IsApp(file, JpegMarker.App1, ExtendedXmp);
    public static bool IsIcc(ReadOnlySpan<byte> file, JpegSegment s) => s.IsApp(file, JpegMarker.App2, Icc);
    public static bool IsPhotoshop(ReadOnlySpan<byte> file, JpegSegment s) => s.IsApp(file, JpegMarker.App13, Photoshop);

    /// <summary>A complete marker segment (0xFF, marker, length, payload parts).</summary>
    public static byte[] Build(byte marker, params ReadOnlySpan<byte[]> parts)
    {
        int payload = 0;
        foreach (var part in parts)
        {
            payload += part.Length;
        }
        if (payload > MaxPayload)
        {
            throw new ArgumentException($"A JPEG segment payload of {payload} bytes exceeds {MaxPayload}.");
        }
        var segment = new byte[4 + payload];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload + 2));
        int at = 4;
        foreach (var part in parts)
        {
            part.CopyTo(segment, at);
            at += part.Length;
        }
        return segment;
    }
}
