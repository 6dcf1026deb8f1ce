using System.Buffers.Binary;

namespace Provenance.Core.Formats.Jpeg;

/// <summary>
/// The C2PA store in JPEG: APP11 segments in the JPEG XT box format (ISO/IEC 18477-3 / 19566-5). Each segment's
/// payload is CI "JP", En (box instance, 2 bytes), Z (sequence number from 1, 4 bytes), then box bytes; segments
/// after the first repeat the box's LBox and TBox before continuing the box. A group of segments sharing En whose
/// first box is a C2PA superbox is the store. Writing follows c2pa-rs: En 0x0211, 64000 box bytes per segment.
/// </summary>
internal static class JpegManifestStore
{
    public const int BoxBytesPerSegment = 64000;
    public const ushort InstanceNumber = 0x0211;

    private const int XtHeaderLength = 8; // CI, En, Z
    private const int RepeatedBoxHeader = 8; // LBox, TBox

    /// <summary>Indices (into the layout's segments) of every APP11 segment that belongs to a C2PA store, in file order.</summary>
    public static List<int> FindSegments(ReadOnlySpan<byte> file, JpegLayout layout, out int storeCount)
    {
        var members = new List<int>();
        storeCount = 0;
        int currentEn = -1;
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (!IsXtSegment(file, s))
            {
                continue;
            }
            var payload = s.Payload(file);
            int en = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
            uint z = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
            var box = payload[XtHeaderLength..];
            if (z == 1 && ManifestStoreBox.IsStore(box))
            {
                storeCount++;
                currentEn = en;
                members.Add(i);
            }
            else if (en == currentEn && z > 1)
            {
                members.Add(i);
            }
        }
        return members;
    }

    /// <summary>Reassembles the store from its segments, checking sequence numbers, repeated headers and the total length.</summary>
    public static byte[]? Read(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        var members = FindSegments(file, layout, out int storeCount);
        if (storeCount == 0)
        {
            return null;
        }
        if (storeCount > 1)
        {
            MediaThrow.Corrupt("The JPEG file holds more than one C2PA manifest store.");
        }
        var first = layout.Segments[members[0]].Payload(file)[XtHeaderLength..];
        long declared = ManifestStoreBox.DeclaredLength(first);
        // The store cannot be longer than the file that carries it; checked before allocating.
        if (declared < ManifestStoreBox.RecognitionLength || declared > file.Length)
        {
            MediaThrow.Corrupt($"The C2PA manifest store declares an impossible length {declared}.");
        }
        int headerLength = BinaryPrimitives.ReadUInt32BigEndian(first) == 1 ? 16 : RepeatedBoxHeader;
        var store = new byte[declared];
        int filled = 0;
        uint expectedZ = 1;
        foreach (int index in members)
        {
            var payload = layout.Segments[index].Payload(file);
            uint z = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
            if (z != expectedZ)
            {
                MediaThrow.Corrupt($"C2PA APP11 segment {z} found where segment {expectedZ} was expected.");
            }
            var box = payload[XtHeaderLength..];
            if (z > 1)
            {
                if (box.Length < headerLength || !box[..headerLength].SequenceEqual(first[..headerLength]))
                {
                    MediaThrow.Corrupt($"C2PA APP11 segment {z} does not repeat the store's box header.");
                }
                box = box[headerLength..];
            }
            if (box.Length > store.Length - filled)
            {
                MediaThrow.Corrupt("The C2PA APP11 segments hold more bytes than the store declares.");
            }
            box.CopyTo(store.AsSpan(filled));
            filled += box.Length;
            expectedZ++;
        }
        if (filled != store.Length)
        {
            MediaThrow.Truncated($"The C2PA manifest store declares {store.Length} bytes but its segments hold {filled}.");
        }
        return store;
    }

    /// <summary>How many file bytes the segments for a store of <paramref name="jumbfLength"/> bytes take.</summary>
    public static long SegmentsLength(long jumbfLength)
    {
        long segments = Math.Max(1, (jumbfLength + BoxBytesPerSegment - 1) / BoxBytesPerSegment);
        // Marker + length field + CI/En/Z per segment, plus the repeated LBox/TBox in every segment after the first.
        return jumbfLength + segments * (4 + XtHeaderLength) + (segments - 1) * RepeatedBoxHeader;
    }

    public static List<byte[]> BuildSegments(ReadOnlySpan<byte> jumbf)
    {
        var segments = new List<byte[]>();
        var header = jumbf[..RepeatedBoxHeader].ToArray();
        uint z = 1;
        for (int at = 0; at < jumbf.Length; at += BoxBytesPerSegment, z++)
        {
            var chunk = jumbf.Slice(at, Math.Min(BoxBytesPerSegment, jumbf.Length - at)).ToArray();
            var xt = new byte[XtHeaderLength];
            "JP"u8.CopyTo(xt);
            BinaryPrimitives.WriteUInt16BigEndian(xt.AsSpan(2), InstanceNumber);
            BinaryPrimitives.WriteUInt32BigEndian(xt.AsSpan(4), z);
            segments.Add(z == 1
                ? JpegAppSegments.Build(JpegMarker.App11, xt, chunk)
                : JpegAppSegments.Build(JpegMarker.App11, xt, header, chunk));
        }
        return segments;
    }

    private static bool IsXtSegment(ReadOnlySpan<byte> file, JpegSegment s) =>
        s.Marker == JpegMarker.App11 && s.PayloadLength >= XtHeaderLength + 8 && file.Slice(s.PayloadStart, 2).SequenceEqual(JpegAppSegments.Jumbf);
}
