using System.Text;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// ISO BMFF (MP4, MOV, M4A) container operations on seekable streams, so that files of gigabytes are never held in
/// memory: only the box tree, the manifest store, the XMP packet and the <c>moov</c> box are. The C2PA store lives in
/// the C2PA <c>uuid</c> box right after <c>ftyp</c>, the XMP packet in the XMP <c>uuid</c> box after it; chunk
/// offsets are patched when they move. Fragmented files (moof/sidx/mfra) and HEIF item files (meta/iloc) are refused
/// for writing: their offsets live in more places than this writer patches.
/// </summary>
internal static class BmffHandler
{
    public const int MaxXmpBytes = 16 * 1024 * 1024;

    /// <summary>Largest moov read into memory for patching; a 2-hour film's sample tables are tens of megabytes.</summary>
    public const int MaxMoovBytes = 256 * 1024 * 1024;

    /// <summary>The JUMBF store of the first C2PA manifest box, and that box; (null, null) when there is none.</summary>
    public static (byte[]? Store, BmffBox? Box) ReadManifestStore(Stream stream, BmffTree tree)
    {
        foreach (var box in tree.TopLevel.Where(C2paUuidBox.IsC2pa))
        {
            if (C2paUuidBox.ReadPurpose(stream, box) is not { Purpose: C2paUuidBox.ManifestPurpose } read)
            {
                continue;
            }
            var length = box.End - read.DataStart;
            if (length > C2paUuidBox.MaxStoreBytes)
            {
                throw new InvalidMediaException(MediaError.TooLarge, $"The manifest store is {length} bytes; the limit is {C2paUuidBox.MaxStoreBytes}.");
            }
            var store = new byte[length];
            BmffTree.ReadAt(stream, read.DataStart, store);
            return (store, box);
        }
        return (null, null);
    }

    /// <summary>The XMP packet of the top-level XMP uuid box, or null.</summary>
    public static string? ReadXmp(Stream stream, BmffTree tree)
    {
        if (tree.TopLevel.FirstOrDefault(C2paUuidBox.IsXmp) is not { } box)
        {
            return null;
        }
        if (box.BodySize > MaxXmpBytes)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"The XMP packet is {box.BodySize} bytes; the limit is {MaxXmpBytes}.");
        }
        var bytes = new byte[box.BodySize];
        BmffTree.ReadAt(stream, box.BodyStart, bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Throws NotSupported-style InvalidMediaException when the file has offsets this writer cannot patch.</summary>
    public static void CheckWritable(BmffTree tree)
    {
        var unsupported = tree.TopLevel.FirstOrDefault(b => b.Type is "moof" or "sidx" or "mfra" or "ssix")?.Type
            ?? (tree.Find("/meta/iloc").Any() ? "meta/iloc" : null)
            ?? (tree.Find("/moov/trak/mdia/minf/stbl/saio").Any() ? "saio" : null);
        if (unsupported is not null)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat,
                $"Fragmented or itemised ISO BMFF ({unsupported}) cannot be signed; re-mux it as a plain MP4/MOV first.");
        }
        if (tree.TopLevel.Count(b => b.Type == "moov") != 1)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "The file must hold exactly one moov box.");
        }
    }

    /// <summary>
    /// Writes <paramref name="input"/> to <paramref name="output"/> as: ftyp, <paramref name="c2paBox"/>,
    /// <paramref name="xmpBox"/>, then every other top-level box in order, leaving out C2PA and XMP uuid boxes that
    /// were there and patching chunk offsets. Returns where the C2PA box starts in the output.
    /// </summary>
    public static long Write(Stream input, BmffTree tree, Stream output, ReadOnlySpan<byte> c2paBox, ReadOnlySpan<byte> xmpBox)
    {
        CheckWritable(tree);
        var ftyp = tree.TopLevel[0];
        var kept = tree.TopLevel.Skip(1).Where(b => !C2paUuidBox.IsC2pa(b) && !C2paUuidBox.IsXmp(b)).ToList();

        // Where each kept box lands: offsets inside a kept box move with it.
        var moves = new Dictionary<BmffBox, long>();
        var position = ftyp.Size + c2paBox.Length + xmpBox.Length;
        foreach (var box in kept)
        {
            moves[box] = position - box.Start;
            position += box.Size;
        }
        long Relocate(long offset)
        {
            var owner = tree.TopLevelAt(offset);
            if (owner is null || !moves.TryGetValue(owner, out var delta))
            {
                throw new InvalidMediaException(MediaError.Corrupt, $"A chunk offset ({offset}) points outside the media data.");
            }
            return offset + delta;
        }

        var c2paStart = output.Position + ftyp.Size;
        CopyRange(input, ftyp.Start, ftyp.Size, output);
        output.Write(c2paBox);
        output.Write(xmpBox);
        foreach (var box in kept)
        {
            if (box.Type == "moov")
            {
                if (box.Size > MaxMoovBytes)
                {
                    throw new InvalidMediaException(MediaError.TooLarge, $"The moov box is {box.Size} bytes; the limit is {MaxMoovBytes}.");
                }
                var moov = new byte[box.Size];
                BmffTree.ReadAt(input, box.Start, moov);
                ChunkOffsets.Patch(moov, box, Relocate);
                output.Write(moov);
            }
            else
            {
                CopyRange(input, box.Start, box.Size, output);
            }
        }
        return c2paStart;
    }

    private static void CopyRange(Stream input, long start, long length, Stream output)
    {
        input.Position = start;
        var buffer = new byte[Math.Min(length, 1 << 20)];
        while (length > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                throw new InvalidMediaException(MediaError.Truncated, "The file ended while it was being copied.");
            }
            output.Write(buffer, 0, read);
            length -= read;
        }
    }
}
