using System.Buffers.Binary;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The length an MP4 or MOV file states in its movie header (<c>moov/mvhd</c>: a timescale and a duration in its
/// units, 32-bit in version 0, 64-bit in version 1; ISO/IEC 14496-12 8.2.2). Lets the video detector check
/// <see cref="MediaLimits.MaxVideoSeconds"/> without starting ffprobe. Null when the header is missing, too short, or
/// says the length is unknown (zero, or all ones, as fragmented files may): the caller then asks ffprobe.
/// </summary>
internal static class BmffMovieDuration
{
    public static double? Read(Stream stream, BmffTree tree)
    {
        if (tree.Find("/moov/mvhd").FirstOrDefault() is not { } mvhd)
        {
            return null;
        }
        var version1 = mvhd.Version == 1;
        // Version and flags (4 bytes), creation and modification times, timescale, duration.
        var length = version1 ? 4 + 8 + 8 + 4 + 8 : 4 + 4 + 4 + 4 + 4;
        if (mvhd.Version is not (0 or 1) || mvhd.BodySize < length)
        {
            return null;
        }
        Span<byte> body = stackalloc byte[32];
        BmffTree.ReadAt(stream, mvhd.BodyStart, body[..length]);
        uint timescale;
        ulong duration;
        if (version1)
        {
            timescale = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
            duration = BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
            if (duration == ulong.MaxValue)
            {
                return null;
            }
        }
        else
        {
            timescale = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
            duration = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
            if (duration == uint.MaxValue)
            {
                return null;
            }
        }
        return timescale == 0 || duration == 0 ? null : duration / (double)timescale;
    }

    /// <summary>The stated length of the file at <paramref name="path"/> when it is ISO BMFF with a readable movie header, else null.</summary>
    public static double? TryRead(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> header = stackalloc byte[8];
        if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !header[4..].SequenceEqual("ftyp"u8))
        {
            return null;
        }
        file.Position = 0;
        try
        {
            return Read(file, BmffTree.Read(file));
        }
        catch (InvalidMediaException)
        {
            return null; // a tree this reader refuses may still decode in ffmpeg; its probe decides
        }
    }
}
