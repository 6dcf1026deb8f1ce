using System.Buffers.Binary;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// What an MP4, MOV or M4A file's track headers declare about the media the pipelines will decode, read from the box
/// tree without reading a sample or starting ffprobe (ISO/IEC 14496-12 8.3.2 <c>tkhd</c>, 8.4.2 <c>mdhd</c>, 8.4.3
/// <c>hdlr</c>, 8.5.2 <c>stsd</c>; QuickTime's sound description versions 1 and 2): the largest video frame any
/// video track declares, and the first sound track's rate, channels and length. For admission control, which must
/// price a call before any work starts (Provenance.Core/Admission/DecodeCost.cs).
/// <para>
/// A video track's frame is the larger of the track header's presentation size and the sample entry's coded size,
/// so that neither an aspect ratio nor a rotation makes it look smaller than what the decoder hands out. What the
/// headers say is not checked against the codec's own parameter sets (only decoding would do that): the caller
/// bounds it by the limits the probe applies later.
/// </para>
/// </summary>
/// <param name="VideoPixels">Width x height of the largest frame a video track declares; null when a video track's size does not read.</param>
/// <param name="HasVideoTrack">Whether any track's handler is <c>vide</c> (or does not read).</param>
/// <param name="Audio">The first sound track's declared facts; null when there is none or they do not read.</param>
/// <param name="HasAudioTrack">Whether any track's handler is <c>soun</c> (or does not read), even one whose facts do not.</param>
internal sealed record BmffTrackHeaders(long? VideoPixels, bool HasVideoTrack, AudioHeader? Audio, bool HasAudioTrack)
{
    /// <summary>Bytes of a sample description read: its first entry's fields and the boxes after them where an AAC configuration sits.</summary>
    private const int SampleDescriptionBytes = 512;

    /// <summary>The track headers of a whole file held in memory, read in place; throws <see cref="InvalidMediaException"/> when its box tree does not read.</summary>
    public static unsafe BmffTrackHeaders Read(ReadOnlySpan<byte> file)
    {
        fixed (byte* start = file)
        {
            using var stream = new UnmanagedMemoryStream(start, file.Length);
            return Read(stream, BmffTree.Read(stream));
        }
    }

    /// <summary>The track headers of the file at <paramref name="path"/>: its box headers are read, its samples skipped.</summary>
    public static BmffTrackHeaders Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Read(stream, BmffTree.Read(stream));
    }

    public static BmffTrackHeaders Read(Stream stream, BmffTree tree)
    {
        long? videoPixels = null;
        var unsized = false;
        var hasVideo = false;
        AudioHeader? audio = null;
        var hasAudio = false;
        foreach (var trak in tree.Find("/moov/trak"))
        {
            var mdia = Child(trak, "mdia");
            var handler = mdia is null ? null : HandlerType(stream, Child(mdia, "hdlr"));
            var stsd = mdia is null ? null : Child(Child(Child(mdia, "minf"), "stbl"), "stsd");
            // A track without a readable handler may be either: ffmpeg then tells the kind from the sample entry's
            // codec, so it counts as a video track of unknown size and as a sound track of unknown facts.
            if (handler is "vide" or null)
            {
                hasVideo = true;
                var pixels = handler is null ? 0 : Math.Max(PresentationPixels(stream, Child(trak, "tkhd")) ?? 0, CodedPixels(stream, stsd) ?? 0);
                if (pixels > 0)
                {
                    videoPixels = Math.Max(videoPixels ?? 0, pixels);
                }
                else
                {
                    unsized = true;
                }
            }
            if (handler is "soun" or null && !hasAudio)
            {
                hasAudio = true;
                audio = handler is null ? null : SoundTrack(stream, stsd, Child(mdia!, "mdhd"));
            }
        }
        return new BmffTrackHeaders(unsized ? null : videoPixels, hasVideo, audio, hasAudio);
    }

    private static BmffBox? Child(BmffBox? parent, string type) => parent?.Children.FirstOrDefault(b => b.Type == type);

    /// <summary>The handler's four-character type (after version and flags, and four bytes of pre_defined).</summary>
    private static string? HandlerType(Stream stream, BmffBox? hdlr)
    {
        if (hdlr is null || hdlr.BodySize < 12)
        {
            return null;
        }
        Span<byte> body = stackalloc byte[12];
        BmffTree.ReadAt(stream, hdlr.BodyStart, body);
        return System.Text.Encoding.ASCII.GetString(body[8..]);
    }

    /// <summary>
    /// The track header's width x height (16.16 fixed point; the integer parts), after version and flags, times,
    /// track ID, duration (32- or 64-bit by version), layer, group, volume and the 36-byte matrix.
    /// </summary>
    private static long? PresentationPixels(Stream stream, BmffBox? tkhd)
    {
        if (tkhd?.Version is not { } version || version > 1)
        {
            return null;
        }
        var at = version == 1 ? 4 + 8 + 8 + 4 + 4 + 8 + 8 + 8 + 36 : 4 + 4 + 4 + 4 + 4 + 4 + 8 + 8 + 36;
        if (tkhd.BodySize < at + 8)
        {
            return null;
        }
        Span<byte> size = stackalloc byte[8];
        BmffTree.ReadAt(stream, tkhd.BodyStart + at, size);
        long width = BinaryPrimitives.ReadUInt32BigEndian(size) >> 16;
        long height = BinaryPrimitives.ReadUInt32BigEndian(size[4..]) >> 16;
        return width * height;
    }

    /// <summary>The first sample entry's coded width x height (a VisualSampleEntry: 16 bytes after the SampleEntry fields).</summary>
    private static long? CodedPixels(Stream stream, BmffBox? stsd)
    {
        var entry = FirstEntry(stream, stsd, 36);
        if (entry.IsEmpty)
        {
            return null;
        }
        return (long)BinaryPrimitives.ReadUInt16BigEndian(entry[32..]) * BinaryPrimitives.ReadUInt16BigEndian(entry[34..]);
    }

    /// <summary>
    /// Rate and channels from the first sound sample entry (ISO's AudioSampleEntry and QuickTime's versions 0 and 1:
    /// channel count at 24, 16.16 rate at 32; QuickTime version 2: a 64-bit float rate at 40 and a 32-bit channel
    /// count at 48), the larger of that rate and the media header's timescale (HE-AAC declares half the rate it
    /// decodes to, and its timescale is often the full one), and the length from the media header. For AAC the
    /// channel count is the decoder configuration's (<see cref="AacAudioConfig"/>): the entry's is a template value,
    /// 2 for mono and 5.1 alike; with a configuration that is missing or leaves it to the stream, it is unknown.
    /// </summary>
    private static AudioHeader? SoundTrack(Stream stream, BmffBox? stsd, BmffBox? mdhd)
    {
        var entry = FirstEntry(stream, stsd, 36);
        if (entry.IsEmpty)
        {
            return null;
        }
        var version = BinaryPrimitives.ReadUInt16BigEndian(entry[16..]);
        double rate;
        long? channels;
        if (version == 2)
        {
            if (entry.Length < 52)
            {
                return null;
            }
            rate = BinaryPrimitives.ReadDoubleBigEndian(entry[40..]);
            channels = BinaryPrimitives.ReadUInt32BigEndian(entry[48..]);
        }
        else
        {
            rate = BinaryPrimitives.ReadUInt32BigEndian(entry[32..]) >> 16;
            channels = BinaryPrimitives.ReadUInt16BigEndian(entry[24..]);
        }
        if (entry[4..8].SequenceEqual("mp4a"u8))
        {
            // AAC: its configuration's channels, or none when it leaves them to the stream or does not read. Another
            // codec in mp4a (MP3: at most two channels) keeps the entry's count.
            var config = AacAudioConfig.Read(Esds(entry, version));
            if (config is not { Aac: false })
            {
                channels = config?.Channels;
                rate = Math.Max(rate, config?.Rate ?? 0);
            }
        }
        var (timescale, seconds) = MediaLength(stream, mdhd);
        // The larger of the two, unchecked: a timescale that is no sample rate can only overstate it, and the cost
        // bounds the rate by what a decode accepts.
        rate = Math.Max(rate, timescale ?? 0);
        // Bounded before the cast: a double from the file may be anything, NaN included.
        if (!(rate >= 1) || channels is < 1)
        {
            return null;
        }
        int? count = channels is { } n ? (int)Math.Min(n, int.MaxValue) : null;
        return new AudioHeader((int)Math.Min(rate, int.MaxValue), count, seconds);
    }

    /// <summary>
    /// The body of the <c>esds</c> box among the sound entry's child boxes (after its 36, 52 or 72 bytes of fields for
    /// versions 0, 1 and 2), or inside the QuickTime <c>wave</c> box there; empty when there is none in the bytes read.
    /// </summary>
    private static ReadOnlySpan<byte> Esds(ReadOnlySpan<byte> entry, int version)
    {
        var start = version switch { 1 => 52, 2 => 72, _ => 36 };
        for (var depth = 0; depth < 2 && start < entry.Length; depth++)
        {
            var children = entry[start..];
            var found = false;
            for (var at = 0; children.Length - at >= 8;)
            {
                var size = BinaryPrimitives.ReadUInt32BigEndian(children[at..]);
                if (size < 8 || size > children.Length - at)
                {
                    break;
                }
                var type = children.Slice(at + 4, 4);
                if (type.SequenceEqual("esds"u8))
                {
                    return children.Slice(at + 8, (int)size - 8);
                }
                if (type.SequenceEqual("wave"u8))
                {
                    entry = children.Slice(at, (int)size);
                    start = 8;
                    found = true;
                    break;
                }
                at += (int)size;
            }
            if (!found)
            {
                break;
            }
        }
        return [];
    }

    /// <summary>The media header's timescale and its duration in seconds (null when unknown: zero or all ones).</summary>
    private static (long? Timescale, double? Seconds) MediaLength(Stream stream, BmffBox? mdhd)
    {
        if (mdhd?.Version is not { } version || version > 1)
        {
            return (null, null);
        }
        var length = version == 1 ? 4 + 8 + 8 + 4 + 8 : 4 + 4 + 4 + 4 + 4;
        if (mdhd.BodySize < length)
        {
            return (null, null);
        }
        Span<byte> body = stackalloc byte[32];
        BmffTree.ReadAt(stream, mdhd.BodyStart, body[..length]);
        long timescale = BinaryPrimitives.ReadUInt32BigEndian(body[(version == 1 ? 20 : 12)..]);
        var duration = version == 1 ? BinaryPrimitives.ReadUInt64BigEndian(body[24..]) : BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        var unknown = duration == 0 || duration == (version == 1 ? ulong.MaxValue : uint.MaxValue) || timescale == 0;
        return (timescale == 0 ? null : timescale, unknown ? null : duration / (double)timescale);
    }

    /// <summary>
    /// The first sample entry of a sample description (after version, flags and the entry count), at most
    /// <see cref="SampleDescriptionBytes"/> of it and never past the entry's own size or the box; empty when shorter
    /// than <paramref name="atLeast"/>.
    /// </summary>
    private static ReadOnlySpan<byte> FirstEntry(Stream stream, BmffBox? stsd, int atLeast)
    {
        if (stsd is null || stsd.BodySize < 8 + atLeast)
        {
            return [];
        }
        var bytes = new byte[(int)Math.Min(stsd.BodySize, 8 + SampleDescriptionBytes)];
        BmffTree.ReadAt(stream, stsd.BodyStart, bytes);
        var entrySize = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
        var entry = bytes.AsSpan(8, (int)Math.Min(bytes.Length - 8, entrySize));
        return entry.Length < atLeast ? [] : entry;
    }
}
