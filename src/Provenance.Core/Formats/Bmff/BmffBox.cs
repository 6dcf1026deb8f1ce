namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// One box of an ISO BMFF file as the tree reader found it: where it starts, its whole size (header included), its
/// header size (8, 16 with a 64-bit size, plus 16 for a <c>uuid</c> box's extended type), and, for the full boxes the
/// hash exclusions can name, version and flags.
/// </summary>
internal sealed class BmffBox
{
    public required string Type { get; init; }

    /// <summary>Path from the top, as C2PA exclusions name it: "/moov/trak/mdia/minf/stbl/stco".</summary>
    public required string Path { get; init; }

    public required long Start { get; init; }

    public required long Size { get; init; }

    public required int HeaderSize { get; init; }

    /// <summary>The 16-byte extended type of a <c>uuid</c> box.</summary>
    public Guid? UserType { get; init; }

    public byte? Version { get; init; }

    public uint? Flags { get; init; }

    public List<BmffBox> Children { get; } = [];

    public long End => Start + Size;

    public long BodyStart => Start + HeaderSize;

    public long BodySize => Size - HeaderSize;
}
