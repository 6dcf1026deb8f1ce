using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The hash of a <c>c2pa.hash.bmff</c> binding over a stream: the file minus the excluded boxes or byte ranges. From
/// version 2 on, each top-level box that is not excluded whole is preceded in the hash by its file offset as an 8-byte
/// big-endian number (so moving boxes breaks the binding even when their bytes are unchanged), as c2pa-rs computes it.
/// Reads the file once in 1 MiB pieces; memory does not grow with the file.
/// </summary>
internal static class BmffHasher
{
    /// <summary>Longest <c>data</c> value an exclusion may compare (a UUID is 16 bytes).</summary>
    public const int MaxDataValueBytes = 1024;

    public static byte[] Hash(Stream stream, BmffTree tree, IReadOnlyList<BmffExclusion> exclusions, HashAlgorithmName algorithm, bool withOffsets)
    {
        var (ranges, wholeTopLevel) = Resolve(stream, tree, exclusions);
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            Span<byte> offset = stackalloc byte[8];
            var next = 0; // first range that may still overlap what is left
            foreach (var box in tree.TopLevel)
            {
                if (wholeTopLevel.Contains(box.Start))
                {
                    continue;
                }
                if (withOffsets)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(offset, (ulong)box.Start);
                    hash.AppendData(offset);
                }
                var position = box.Start;
                while (position < box.End)
                {
                    while (next < ranges.Count && ranges[next].End <= position)
                    {
                        next++;
                    }
                    long stop = box.End;
                    if (next < ranges.Count && ranges[next].Start <= position)
                    {
                        position = Math.Min(ranges[next].End, box.End);
                        continue;
                    }
                    if (next < ranges.Count)
                    {
                        stop = Math.Min(stop, ranges[next].Start);
                    }
                    Append(stream, hash, position, stop - position, buffer);
                    position = stop;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The excluded ranges, sorted and merged, and the starts of top-level boxes excluded whole.</summary>
    private static (List<ByteRange> Ranges, HashSet<long> WholeTopLevel) Resolve(Stream stream, BmffTree tree, IReadOnlyList<BmffExclusion> exclusions)
    {
        var ranges = new List<ByteRange>();
        var whole = new HashSet<long>();
        var topLevelStarts = tree.TopLevel.Select(b => b.Start).ToHashSet();
        foreach (var exclusion in exclusions)
        {
            foreach (var box in tree.Find(exclusion.XPath))
            {
                if (!Selects(stream, box, exclusion))
                {
                    continue;
                }
                if (exclusion.Subsets is { } subsets)
                {
                    foreach (var (offset, length) in subsets)
                    {
                        if (offset > box.Size)
                        {
                            continue;
                        }
                        var span = length == 0 ? box.Size - offset : Math.Min(length, box.Size - offset);
                        ranges.Add(new ByteRange(box.Start + offset, span));
                    }
                }
                else
                {
                    ranges.Add(new ByteRange(box.Start, box.Size));
                    if (topLevelStarts.Contains(box.Start))
                    {
                        whole.Add(box.Start);
                    }
                }
            }
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<ByteRange>();
        foreach (var range in ranges.Where(r => r.Length > 0))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { Length = Math.Max(last.End, range.End) - last.Start };
            }
            else
            {
                merged.Add(range);
            }
        }
        return (merged, whole);
    }

    private static bool Selects(Stream stream, BmffBox box, BmffExclusion exclusion)
    {
        if (exclusion.Length is { } length && length != box.Size)
        {
            return false;
        }
        if (exclusion.Version is { } version && box.Version is { } boxVersion && version != boxVersion)
        {
            return false;
        }
        if (exclusion.Flags is { } flags && box.Flags is { } boxFlags && (exclusion.Exact ? flags != boxFlags : (flags | boxFlags) != flags))
        {
            return false;
        }
        foreach (var (offset, value) in exclusion.Data)
        {
            if (offset < 0 || offset + value.Length > box.Size)
            {
                return false;
            }
            var actual = new byte[value.Length];
            BmffTree.ReadAt(stream, box.Start + offset, actual);
            if (!actual.AsSpan().SequenceEqual(value))
            {
                return false;
            }
        }
        return true;
    }

    private static void Append(Stream stream, IncrementalHash hash, long start, long length, byte[] buffer)
    {
        stream.Position = start;
        while (length > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                throw new InvalidMediaException(MediaError.Truncated, "The file ended inside a hashed box.");
            }
            hash.AppendData(buffer, 0, read);
            length -= read;
        }
    }
}
