using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.Jpeg;

/// <summary>Reads and builds the JPEG metadata segments: EXIF (APP1), XMP and extended XMP (APP1), ICC (APP2), IPTC (APP13).</summary>
internal static class JpegMetadataSegments
{
    public static byte[]? ReadExif(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        foreach (var s in layout.Segments)
        {
            if (JpegAppSegments.IsExif(file, s))
            {
                return ExifPayload.ToTiff(s.Payload(file)[JpegAppSegments.Exif.Length..]);
            }
        }
        return null;
    }

    public static string? ReadXmp(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        foreach (var s in layout.Segments)
        {
            if (JpegAppSegments.IsXmp(file, s))
            {
                return XmpText.Decode(s.Payload(file)[JpegAppSegments.Xmp.Length..]);
            }
        }
        return null;
    }

    /// <summary>
    /// The extended XMP that the main packet points to (xmpNote:HasExtendedXMP), reassembled from its APP1 chunks by
    /// offset; null when the packet points to none or the chunks with that GUID do not add up to the declared length.
    /// </summary>
    public static byte[]? ReadExtendedXmp(ReadOnlySpan<byte> file, JpegLayout layout, string? mainPacket)
    {
        string? guid = mainPacket is null ? null : XmpText.ExtendedXmpGuid(mainPacket);
        if (guid is null)
        {
            return null;
        }
        var guidBytes = Encoding.ASCII.GetBytes(guid);
        byte[]? full = null;
        long covered = 0;
        var seen = new HashSet<uint>();
        foreach (var s in layout.Segments)
        {
            if (!JpegAppSegments.IsExtendedXmp(file, s) || s.PayloadLength < JpegAppSegments.ExtendedXmpHeaderLength)
            {
                continue;
            }
            var payload = s.Payload(file)[JpegAppSegments.ExtendedXmp.Length..];
            if (!payload[..32].SequenceEqual(guidBytes))
            {
                continue;
            }
            uint fullLength = BinaryPrimitives.ReadUInt32BigEndian(payload[32..]);
            uint offset = BinaryPrimitives.ReadUInt32BigEndian(payload[36..]);
            var data = payload[40..];
            // The whole extension has to be in this file, so its length is bounded by the file's.
            if (fullLength > file.Length || (full is not null && full.Length != fullLength))
            {
                return null;
            }
            full ??= new byte[fullLength];
            if (offset > fullLength || data.Length > fullLength - offset || !seen.Add(offset))
            {
                return null;
            }
            data.CopyTo(full.AsSpan((int)offset));
            covered += data.Length;
        }
        return full is not null && covered == full.Length ? full : null;
    }

    /// <summary>The ICC profile from its APP2 chunks, ordered by sequence number; Corrupt when chunks are missing or inconsistent.</summary>
    public static byte[]? ReadIcc(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        var chunks = new List<(int Sequence, int Start, int Length)>();
        int count = -1;
        foreach (var s in layout.Segments)
        {
            if (!JpegAppSegments.IsIcc(file, s) || s.PayloadLength < JpegAppSegments.IccHeaderLength)
            {
                continue;
            }
            var payload = s.Payload(file);
            int sequence = payload[12];
            int declaredCount = payload[13];
            if (count >= 0 && declaredCount != count)
            {
                MediaThrow.Corrupt("The ICC profile's APP2 chunks disagree on their count.");
            }
            count = declaredCount;
            chunks.Add((sequence, s.PayloadStart + JpegAppSegments.IccHeaderLength, s.PayloadLength - JpegAppSegments.IccHeaderLength));
        }
        if (chunks.Count == 0)
        {
            return null;
        }
        chunks.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        for (int i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].Sequence != i + 1)
            {
                MediaThrow.Corrupt("The ICC profile's APP2 chunks are not numbered 1..n.");
            }
        }
        if (chunks.Count != count)
        {
            MediaThrow.Corrupt($"The ICC profile has {chunks.Count} of {count} APP2 chunks.");
        }
        int total = 0;
        foreach (var c in chunks)
        {
            total += c.Length;
        }
        var profile = new byte[total];
        int at = 0;
        foreach (var c in chunks)
        {
            file.Slice(c.Start, c.Length).CopyTo(profile.AsSpan(at));
            at += c.Length;
        }
        return profile;
    }

    /// <summary>The IPTC-IIM record from the Photoshop resources in APP13 (segments concatenated in order).</summary>
    public static byte[]? ReadIptc(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        using var resources = new MemoryStream();
        foreach (var s in layout.Segments)
        {
            if (JpegAppSegments.IsPhotoshop(file, s))
            {
                resources.Write(s.Payload(file)[JpegAppSegments.Photoshop.Length..]);
            }
        }
        return resources.Length == 0 ? null : PhotoshopResources.FindIptc(resources.GetBuffer().AsSpan(0, (int)resources.Length));
    }

    public static byte[] BuildExif(byte[] tiff)
    {
        if (tiff.Length + JpegAppSegments.Exif.Length > JpegAppSegments.MaxPayload)
        {
            MediaThrow.TooLarge($"An EXIF block of {tiff.Length} bytes does not fit in one JPEG APP1 segment.");
        }
        return JpegAppSegments.Build(JpegMarker.App1, JpegAppSegments.Exif.ToArray(), tiff);
    }

    public static byte[] BuildXmp(string packet)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        if (bytes.Length > JpegAppSegments.MaxXmpPacket)
        {
            MediaThrow.TooLarge(
                $"An XMP packet of {bytes.Length} bytes does not fit in one JPEG APP1 segment ({JpegAppSegments.MaxXmpPacket}); " +
                "move large properties to extended XMP first.");
        }
        return JpegAppSegments.Build(JpegMarker.App1, JpegAppSegments.Xmp.ToArray(), bytes);
    }

    /// <summary>Extended XMP chunks; the GUID is the MD5 of the extension, as the XMP specification (part 3) defines it.</summary>
    public static List<byte[]> BuildExtendedXmp(byte[] extension)
    {
        var guid = Encoding.ASCII.GetBytes(Convert.ToHexString(MD5.HashData(extension)));
        const int maxData = JpegAppSegments.MaxPayload - JpegAppSegments.ExtendedXmpHeaderLength;
        var segments = new List<byte[]>();
        for (int offset = 0; offset < extension.Length; offset += maxData)
        {
            var lengths = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(lengths, (uint)extension.Length);
            BinaryPrimitives.WriteUInt32BigEndian(lengths.AsSpan(4), (uint)offset);
            var data = extension.AsSpan(offset, Math.Min(maxData, extension.Length - offset)).ToArray();
            segments.Add(JpegAppSegments.Build(JpegMarker.App1, JpegAppSegments.ExtendedXmp.ToArray(), guid, lengths, data));
        }
        return segments;
    }

    public static List<byte[]> BuildIcc(byte[] profile)
    {
        const int maxData = JpegAppSegments.MaxPayload - JpegAppSegments.IccHeaderLength;
        int count = (profile.Length + maxData - 1) / maxData;
        if (count > 255)
        {
            MediaThrow.TooLarge($"An ICC profile of {profile.Length} bytes needs more than 255 JPEG APP2 chunks.");
        }
        var segments = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            var data = profile.AsSpan(i * maxData, Math.Min(maxData, profile.Length - i * maxData)).ToArray();
            segments.Add(JpegAppSegments.Build(JpegMarker.App2, JpegAppSegments.Icc.ToArray(), [(byte)(i + 1), (byte)count], data));
        }
        return segments;
    }

    /// <summary>APP13 segments holding the IPTC record as a Photoshop resource, split when it exceeds one segment.</summary>
    public static List<byte[]> BuildIptc(byte[] iptc)
    {
        var block = PhotoshopResources.BuildIptcBlock(iptc);
        int maxData = JpegAppSegments.MaxPayload - JpegAppSegments.Photoshop.Length;
        var segments = new List<byte[]>();
        for (int at = 0; at < block.Length; at += maxData)
        {
            var data = block.AsSpan(at, Math.Min(maxData, block.Length - at)).ToArray();
            segments.Add(JpegAppSegments.Build(JpegMarker.App13, JpegAppSegments.Photoshop.ToArray(), data));
        }
        return segments;
    }
}
