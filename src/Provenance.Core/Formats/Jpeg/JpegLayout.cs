using System.Buffers.Binary;

namespace Provenance.Core.Formats.Jpeg;

/// <summary>
/// The segment structure of a JPEG file. Segments are in file order; the bytes between two of them (fill bytes,
/// stray bytes) are gaps that edits copy through, and the bytes after EOI are the trailer, so the file can be
/// rebuilt from it unchanged. A file cut inside the entropy-coded data (no EOI) still parses:
/// its last scan runs to the end. A file cut inside a marker segment does not.
/// </summary>
internal sealed class JpegLayout
{
    private JpegLayout(List<JpegSegment> segments, int trailerStart, int fileLength)
    {
        Segments = segments;
        TrailerStart = trailerStart;
        FileLength = fileLength;
    }

    public IReadOnlyList<JpegSegment> Segments { get; }

    /// <summary>Offset of the bytes after EOI (equal to the file length when there are none).</summary>
    public int TrailerStart { get; }

    public int FileLength { get; }

    public bool HasEoi => Segments.Count > 0 && Segments[^1].Marker == JpegMarker.Eoi;

    public static bool HasSignature(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 0xFF && data[1] == JpegMarker.Soi && data[2] == 0xFF;

    public static JpegLayout Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 2 || file[0] != 0xFF || file[1] != JpegMarker.Soi)
        {
            MediaThrow.Unsupported("The data does not start with a JPEG SOI marker.");
        }
        var segments = new List<JpegSegment> { new(JpegMarker.Soi, 0, 2, 2, 0) };
        int pos = 2;
        while (pos < file.Length)
        {
            if (file[pos] != 0xFF)
            {
                // Stray bytes between segments: decoders skip them with a warning; they stay in place as a gap.
                int next = file[pos..].IndexOf((byte)0xFF);
                if (next < 0)
                {
                    // Nothing but junk to the end of a file without EOI: keep it as the trailer.
                    return new JpegLayout(segments, pos, file.Length);
                }
                pos += next;
            }
            // Fill bytes (0xFF runs) before a marker are a gap too; the segment starts at the marker's own 0xFF.
            while (pos + 1 < file.Length && file[pos + 1] == 0xFF)
            {
                pos++;
            }
            int start = pos;
            pos++;
            if (pos >= file.Length)
            {
                MediaThrow.Truncated("The JPEG file ends inside a marker.");
            }
            byte marker = file[pos++];
            if (marker == 0x00)
            {
                MediaThrow.Corrupt($"Invalid JPEG marker 0xFF00 at offset {start}.");
            }
            if (marker == JpegMarker.Soi)
            {
                MediaThrow.Corrupt($"A second SOI marker at offset {start}.");
            }
            if (JpegMarker.IsStandalone(marker))
            {
                segments.Add(new JpegSegment(marker, start, pos - start, pos, 0));
                if (marker == JpegMarker.Eoi)
                {
                    return new JpegLayout(segments, pos, file.Length);
                }
                continue;
            }
            if (pos + 2 > file.Length)
            {
                MediaThrow.Truncated($"The JPEG file ends inside the {JpegMarker.Name(marker)} segment header.");
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(file[pos..]);
            if (length < 2)
            {
                MediaThrow.Corrupt($"The {JpegMarker.Name(marker)} segment at offset {start} declares length {length}.");
            }
            if (pos + length > file.Length)
            {
                MediaThrow.Truncated($"The {JpegMarker.Name(marker)} segment at offset {start} runs past the end of the file.");
            }
            int payloadStart = pos + 2;
            pos += length;
            if (marker == JpegMarker.Sos)
            {
                pos = SkipEntropyCodedData(file, pos);
            }
            segments.Add(new JpegSegment(marker, start, pos - start, payloadStart, length - 2));
        }
        return new JpegLayout(segments, file.Length, file.Length);
    }

    /// <summary>
    /// Finds the end of a scan's entropy-coded data: the first 0xFF that is followed by neither 0x00 (a stuffed
    /// byte), a restart marker, nor another 0xFF (fill before a marker). Returns the file length when none.
    /// </summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> file, int pos)
    {
        while (true)
        {
            int found = file[pos..].IndexOf((byte)0xFF);
            if (found < 0)
            {
                return file.Length;
            }
            int ff = pos + found;
            // Skip a run of fill bytes: the marker is the last 0xFF of the run.
            int last = ff;
            while (last + 1 < file.Length && file[last + 1] == 0xFF)
            {
                last++;
            }
            if (last + 1 >= file.Length)
            {
                return file.Length;
            }
            byte next = file[last + 1];
            if (next == 0x00 || next is >= JpegMarker.Rst0 and <= JpegMarker.Rst7)
            {
                pos = last + 2;
                continue;
            }
            return ff;
        }
    }

    /// <summary>The first start-of-frame segment, or null.</summary>
    public JpegSegment? FrameHeader
    {
        get
        {
            foreach (var segment in Segments)
            {
                if (JpegMarker.IsStartOfFrame(segment.Marker))
                {
                    return segment;
                }
            }
            return null;
        }
    }

    /// <summary>Index of the segment that a new metadata or store segment goes after: the last APP0, else SOI.</summary>
    public int IndexAfterLastApp0()
    {
        int index = 0;
        for (int i = 1; i < Segments.Count; i++)
        {
            if (Segments[i].Marker == JpegMarker.App0)
            {
                index = i;
            }
        }
        return index;
    }
}
