using System.Buffers.Binary;
using Provenance.Core.Formats.Id3;

namespace Provenance.Core.Formats.Flac;

/// <summary>
/// FLAC: an optional ID3v2 tag, then the native stream ("fLaC", metadata blocks from STREAMINFO to the one flagged
/// last, audio frames). C2PA goes where c2pa-rs's flac_io puts it: a GEOB frame in an ID3v2 tag before the stream
/// (spec annex A allows ID3 in "MP3 or FLAC"), with XMP in a PRIV frame and the AIGC text in TXXX, through
/// <see cref="Id3AudioHandler"/>. The stream's metadata blocks are walked (bounded) so a truncated file is refused;
/// the stream itself is never rewritten.
/// </summary>
internal sealed class FlacHandler : Id3AudioHandler
{
    /// <summary>More metadata blocks than any real file has (the format allows 127 types, files carry a handful).</summary>
    public const int MaxMetadataBlocks = 10_000;

    private const int StreamInfo = 0;
    /// <summary>The STREAMINFO block's fixed length (the format requires it first).</summary>
    internal const int StreamInfoLength = 34;

    public static FlacHandler Instance { get; } = new();

    private FlacHandler()
    {
    }

    public override AssetFormat Format => AssetFormat.Flac;

    public override IReadOnlyList<string> MimeTypes { get; } = ["audio/flac", "audio/x-flac"];

    public override string DisplayName => "FLAC";

    public override bool Matches(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[..4].SequenceEqual("fLaC"u8) || FollowsTag(header);

    /// <summary>True when <paramref name="header"/> starts with an ID3v2 tag and reaches the "fLaC" right after it.</summary>
    public static bool FollowsTag(ReadOnlySpan<byte> header)
    {
        long end = Id3Tag.PeekEnd(header);
        return end > 0 && end + 4 <= header.Length && header.Slice((int)end, 4).SequenceEqual("fLaC"u8);
    }

    protected override IReadOnlyList<AssetBlock> ParseStream(ReadOnlySpan<byte> file, int start)
    {
        if (file.Length - start < 4 || !file.Slice(start, 4).SequenceEqual("fLaC"u8))
        {
            MediaThrow.Corrupt("The FLAC stream does not start with \"fLaC\".");
        }
        var blocks = new List<AssetBlock> { new("fLaC", new ByteRange(start, 4), AssetBlockKind.Header) };
        int pos = start + 4;
        bool last = false;
        while (!last)
        {
            if (blocks.Count > MaxMetadataBlocks)
            {
                MediaThrow.Corrupt($"The FLAC stream has more than {MaxMetadataBlocks} metadata blocks.");
            }
            if (file.Length - pos < 4)
            {
                MediaThrow.Truncated("The FLAC file ends inside its metadata.");
            }
            uint header = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            last = (header & 0x8000_0000) != 0;
            int type = (int)(header >> 24) & 0x7F;
            int length = (int)(header & 0xFF_FFFF);
            if (type == 127)
            {
                MediaThrow.Corrupt($"The FLAC metadata block at offset {pos} has the invalid type 127.");
            }
            if (blocks.Count == 1 && (type != StreamInfo || length != StreamInfoLength))
            {
                MediaThrow.Corrupt("The FLAC stream does not start with a 34-byte STREAMINFO block.");
            }
            if (length > file.Length - pos - 4)
            {
                MediaThrow.Truncated($"The FLAC metadata block at offset {pos} runs past the end of the file.");
            }
            blocks.Add(new AssetBlock(type == StreamInfo ? "STREAMINFO" : $"metadata {type}", new ByteRange(pos, 4 + length),
                type == StreamInfo ? AssetBlockKind.AudioData : AssetBlockKind.Other));
            pos += 4 + length;
        }
        blocks.Add(new AssetBlock("FLAC frames", new ByteRange(pos, file.Length - pos), AssetBlockKind.AudioData));
        return blocks;
    }
}
