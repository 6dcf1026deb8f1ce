using System.Buffers.Binary;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The box tree of an ISO BMFF file read from a seekable stream: headers only (payloads such as <c>mdat</c> are
/// skipped by seeking), descending into the container boxes that can hold what C2PA exclusions and offset patching
/// name. Bounded: at most <see cref="MaxDepth"/> levels (as c2pa-rs) and <see cref="MaxBoxes"/> boxes; every size
/// is checked against its parent before it is used. Malformed trees throw <see cref="InvalidMediaException"/>.
/// </summary>
internal sealed class BmffTree
{
    public const int MaxDepth = 32;

    public const int MaxBoxes = 1_000_000;

    /// <summary>Boxes whose payload is a sequence of boxes (after 4 bytes of version and flags for <c>meta</c>).</summary>
    private static readonly HashSet<string> Containers =
        ["moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "udta", "mvex", "moof", "traf", "mfra", "meta", "tref", "sinf", "schi", "iprp", "ipco"];

    /// <summary>ISO/IEC 14496-12 full boxes (version and flags after the header) that exclusions may match on.</summary>
    private static readonly HashSet<string> FullBoxes =
        ["mvhd", "tkhd", "mdhd", "hdlr", "stsd", "stts", "ctts", "stss", "elst", "dref", "stsz", "stz2", "stsc", "stco", "co64",
         "saiz", "saio", "mehd", "trex", "mfhd", "tfhd", "trun", "tfra", "mfro", "tfdt", "sbgp", "sgpd", "meta", "iloc", "sidx", "vmhd", "smhd"];

    private int _count;

    private BmffTree(long length) => Length = length;

    public long Length { get; }

    public List<BmffBox> TopLevel { get; } = [];

    /// <summary>Reads the tree; the file must start with <c>ftyp</c> and its top-level boxes must tile it exactly.</summary>
    public static BmffTree Read(Stream stream)
    {
        var tree = new BmffTree(stream.Length);
        tree.ReadChildren(stream, 0, tree.Length, "", 0, tree.TopLevel);
        if (tree.TopLevel.Count == 0 || tree.TopLevel[0].Type != "ftyp")
        {
            throw new InvalidMediaException(MediaError.Corrupt, "The ISO BMFF file does not start with an ftyp box.");
        }
        return tree;
    }

    /// <summary>Every box whose path is <paramref name="path"/> ("/moov/trak/mdia/minf/stbl/stco"), in file order.</summary>
    public IEnumerable<BmffBox> Find(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<BmffBox> level = TopLevel;
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i];
            var matching = level.Where(b => b.Type == name);
            level = i == parts.Length - 1 ? matching : matching.SelectMany(b => b.Children);
        }
        return parts.Length == 0 ? [] : level;
    }

    /// <summary>The top-level box containing absolute offset <paramref name="offset"/>, or null.</summary>
    public BmffBox? TopLevelAt(long offset)
    {
        int lo = 0, hi = TopLevel.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var box = TopLevel[mid];
            if (offset < box.Start)
            {
                hi = mid - 1;
            }
            else if (offset >= box.End)
            {
                lo = mid + 1;
            }
            else
            {
                return box;
            }
        }
        return null;
    }

    private void ReadChildren(Stream stream, long start, long end, string parentPath, int depth, List<BmffBox> into)
    {
        if (depth >= MaxDepth)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"The ISO BMFF boxes are nested more than {MaxDepth} deep.");
        }
        Span<byte> header = stackalloc byte[32];
        var position = start;
        while (position < end)
        {
            if (end - position < 8 && depth > 0)
            {
                break; // QuickTime ends some containers (udta) with a 32-bit zero
            }
            if (end - position < 8)
            {
                throw new InvalidMediaException(MediaError.Truncated, $"{end - position} stray bytes at {position} are too few for a box header.");
            }
            if (++_count > MaxBoxes)
            {
                throw new InvalidMediaException(MediaError.TooLarge, $"The ISO BMFF file has more than {MaxBoxes} boxes.");
            }
            var available = (int)Math.Min(header.Length, end - position);
            ReadAt(stream, position, header[..available]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = TypeName(header.Slice(4, 4));
            var headerSize = 8;
            if (size == 1)
            {
                if (available < 16)
                {
                    throw new InvalidMediaException(MediaError.Truncated, $"The {type} box at {position} ends inside its 64-bit size.");
                }
                var large = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                size = large > long.MaxValue ? long.MaxValue : (long)large;
                headerSize = 16;
            }
            else if (size == 0 && depth > 0)
            {
                break; // the same 32-bit zero terminator
            }
            else if (size == 0)
            {
                size = end - position; // "to the end of the file" (only meaningful at the top level)
            }
            Guid? userType = null;
            if (type == "uuid")
            {
                if (available < headerSize + 16)
                {
                    throw new InvalidMediaException(MediaError.Truncated, $"The uuid box at {position} ends inside its extended type.");
                }
                userType = new Guid(header.Slice(headerSize, 16), bigEndian: true);
                headerSize += 16;
            }
            if (size < headerSize || size > end - position)
            {
                throw new InvalidMediaException(size < headerSize ? MediaError.Corrupt : MediaError.Truncated,
                    $"The {type} box at {position} declares {size} bytes, which does not fit {(size < headerSize ? "its header" : "its parent")}.");
            }
            byte? version = null;
            uint? flags = null;
            if (FullBoxes.Contains(type) && size >= headerSize + 4 && available >= headerSize + 4)
            {
                version = header[headerSize];
                flags = BinaryPrimitives.ReadUInt32BigEndian(header[headerSize..]) & 0xFFFFFF;
            }
            var box = new BmffBox
            {
                Type = type, Path = parentPath + "/" + type, Start = position, Size = size, HeaderSize = headerSize,
                UserType = userType, Version = version, Flags = flags,
            };
            into.Add(box);
            if (Containers.Contains(type))
            {
                var childStart = box.BodyStart + (type == "meta" ? 4 : 0);
                // QuickTime's meta has no version/flags: its first child's type sits where a full box's flags would.
                if (type == "meta" && box.BodySize >= 8 && LooksLikeBoxType(stream, box.BodyStart + 4))
                {
                    childStart = box.BodyStart;
                }
                if (childStart <= box.End)
                {
                    ReadChildren(stream, childStart, box.End, box.Path, depth + 1, box.Children);
                }
            }
            position += size;
        }
    }

    private static bool LooksLikeBoxType(Stream stream, long at)
    {
        Span<byte> type = stackalloc byte[4];
        ReadAt(stream, at, type);
        return TypeName(type) == "hdlr";
    }

    private static string TypeName(ReadOnlySpan<byte> fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = (char)fourCc[i];
        }
        return new string(chars);
    }

    public static void ReadAt(Stream stream, long position, Span<byte> into)
    {
        stream.Position = position;
        stream.ReadExactly(into);
    }
}
