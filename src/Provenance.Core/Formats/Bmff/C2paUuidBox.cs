using System.Buffers.Binary;
using System.Text;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The C2PA <c>uuid</c> box (C2PA spec, "Embedding manifests into BMFF-based assets"): box header, the C2PA extended
/// type, version 0 and flags 0, a null-terminated purpose (<c>manifest</c>, <c>original</c>, <c>update</c>,
/// <c>merkle</c>), for <c>manifest</c> an 8-byte offset to the first merkle box (0: none), then the JUMBF store.
/// </summary>
internal static class C2paUuidBox
{
    public const string ManifestPurpose = "manifest";

    /// <summary>Header (8) + extended type (16) + version/flags (4) + "manifest\0" (9) + merkle offset (8).</summary>
    public const int ManifestOverhead = 8 + 16 + 4 + 9 + 8;

    /// <summary>Largest store read into memory; a real store is kilobytes (thumbnails aside).</summary>
    public const int MaxStoreBytes = 64 * 1024 * 1024;

    public static bool IsC2pa(BmffBox box) => box.Type == "uuid" && box.UserType == BmffUuids.C2paGuid;

    public static bool IsXmp(BmffBox box) => box.Type == "uuid" && box.UserType == BmffUuids.XmpGuid;

    /// <summary>The box bytes for a manifest store.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> jumbf)
    {
        var box = new byte[ManifestOverhead + jumbf.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, checked((uint)box.Length));
        "uuid"u8.CopyTo(box.AsSpan(4));
        BmffUuids.C2pa.CopyTo(box.AsSpan(8));
        // version 0, flags 0 at 24..28
        Encoding.ASCII.GetBytes(ManifestPurpose).CopyTo(box.AsSpan(28));
        // the terminator at 36 and the merkle offset 0 at 37..45 are already zero
        jumbf.CopyTo(box.AsSpan(ManifestOverhead));
        return box;
    }

    /// <summary>The box bytes for an XMP packet.</summary>
    public static byte[] EncodeXmp(string packet)
    {
        var text = Encoding.UTF8.GetBytes(packet);
        var box = new byte[24 + text.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, checked((uint)box.Length));
        "uuid"u8.CopyTo(box.AsSpan(4));
        BmffUuids.Xmp.CopyTo(box.AsSpan(8));
        text.CopyTo(box.AsSpan(24));
        return box;
    }

    /// <summary>The purpose and where the JUMBF begins (absolute), or null when the box is not a well-formed C2PA box.</summary>
    public static (string Purpose, long DataStart)? ReadPurpose(Stream stream, BmffBox box)
    {
        const int maxPurpose = 64;
        var body = box.BodyStart;
        var available = (int)Math.Min(4 + maxPurpose + 1, box.End - body);
        if (available < 5)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[available];
        BmffTree.ReadAt(stream, body, bytes);
        var purposeBytes = bytes[4..];
        var nul = purposeBytes.IndexOf((byte)0);
        if (nul < 0)
        {
            return null;
        }
        var purpose = Encoding.ASCII.GetString(purposeBytes[..nul]);
        var dataStart = body + 4 + nul + 1 + (purpose == ManifestPurpose ? 8 : 0);
        return dataStart <= box.End ? (purpose, dataStart) : null;
    }
}
