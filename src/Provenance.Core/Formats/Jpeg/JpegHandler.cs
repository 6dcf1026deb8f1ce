using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.Jpeg;

/// <summary>
/// JPEG container operations on marker segments. The C2PA store goes after the last APP0 (or right after SOI),
/// as c2pa-rs places it; new metadata goes after APP0 / EXIF / the store, ahead of everything else.
/// </summary>
internal sealed class JpegHandler : IAssetHandler
{
    public static JpegHandler Instance { get; } = new();

    public AssetFormat Format => AssetFormat.Jpeg;

    public string MimeType => "image/jpeg";

    public IReadOnlyList<string> MimeTypes { get; } = ["image/jpeg", "image/jpg", "image/pjpeg"];

    public string DisplayName => "JPEG";

    public bool Matches(ReadOnlySpan<byte> header) => JpegLayout.HasSignature(header);

    public IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        var store = new HashSet<int>(JpegManifestStore.FindSegments(asset, layout, out _));
        var blocks = new List<AssetBlock>(layout.Segments.Count + 2);
        int previousEnd = 0;
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (s.Start > previousEnd)
            {
                blocks.Add(new AssetBlock("gap", new ByteRange(previousEnd, s.Start - previousEnd), AssetBlockKind.Other));
            }
            var kind = store.Contains(i) ? AssetBlockKind.ManifestStore : Classify(asset, s);
            blocks.Add(new AssetBlock(JpegMarker.Name(s.Marker), new ByteRange(s.Start, s.Length), kind));
            previousEnd = s.End;
        }
        if (layout.TrailerStart > previousEnd)
        {
            blocks.Add(new AssetBlock("gap", new ByteRange(previousEnd, layout.TrailerStart - previousEnd), AssetBlockKind.Other));
        }
        if (asset.Length > layout.TrailerStart)
        {
            blocks.Add(new AssetBlock("trailer", new ByteRange(layout.TrailerStart, asset.Length - layout.TrailerStart), AssetBlockKind.Trailer));
        }
        return blocks;
    }

    private static AssetBlockKind Classify(ReadOnlySpan<byte> file, JpegSegment s)
    {
        if (s.Marker == JpegMarker.Soi)
        {
            return AssetBlockKind.Header;
        }
        if (s.Marker == JpegMarker.Eoi)
        {
            return AssetBlockKind.End;
        }
        if (JpegAppSegments.IsExif(file, s))
        {
            return AssetBlockKind.Exif;
        }
        if (JpegAppSegments.IsXmp(file, s))
        {
            return AssetBlockKind.Xmp;
        }
        if (JpegAppSegments.IsExtendedXmp(file, s))
        {
            return AssetBlockKind.ExtendedXmp;
        }
        if (JpegAppSegments.IsIcc(file, s))
        {
            return AssetBlockKind.IccProfile;
        }
        if (JpegAppSegments.IsPhotoshop(file, s))
        {
            return AssetBlockKind.Iptc;
        }
        return JpegMarker.IsApp(s.Marker) || s.Marker == JpegMarker.Com ? AssetBlockKind.Other : AssetBlockKind.ImageData;
    }

    public byte[]? ReadManifestStore(ReadOnlySpan<byte> asset) => JpegManifestStore.Read(asset, JpegLayout.Parse(asset));

    public ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        var members = JpegManifestStore.FindSegments(asset, layout, out _);
        if (members.Count == 0)
        {
            return null;
        }
        // The segments are contiguous when c2pa-rs or this handler wrote them; if something was put between them,
        // the range spans it and the hard binding will say so.
        int start = layout.Segments[members[0]].Start;
        int end = layout.Segments[members[^1]].End;
        return new ByteRange(start, end - start);
    }

    public byte[] RemoveManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        var members = JpegManifestStore.FindSegments(asset, layout, out _);
        return Without(asset, layout, members).Build(asset);
    }

    public ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jumbfLength, ManifestStoreBox.RecognitionLength);
        var layout = JpegLayout.Parse(asset);
        var members = JpegManifestStore.FindSegments(asset, layout, out _);
        int at = members.Count > 0 ? layout.Segments[members[0]].Start : layout.Segments[layout.IndexAfterLastApp0()].End;
        return new ByteRange(at, JpegManifestStore.SegmentsLength(jumbfLength));
    }

    public byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf)
    {
        var layout = JpegLayout.Parse(assetWithoutStore);
        if (JpegManifestStore.FindSegments(assetWithoutStore, layout, out _).Count > 0)
        {
            throw new InvalidOperationException("The JPEG already holds a C2PA manifest store; replace or remove it.");
        }
        return ReplaceManifestStore(assetWithoutStore, jumbf);
    }

    public byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf)
    {
        ManifestStoreBox.ValidateForEmbedding(jumbf);
        var layout = JpegLayout.Parse(asset);
        var members = JpegManifestStore.FindSegments(asset, layout, out _);
        int at = members.Count > 0 ? layout.Segments[members[0]].Start : layout.Segments[layout.IndexAfterLastApp0()].End;
        var removed = new HashSet<int>(members);
        var splice = new Splice();
        int copied = 0;
        bool inserted = false;
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (!inserted && s.Start >= at)
            {
                splice.Copy(copied, at - copied);
                copied = at;
                foreach (var segment in JpegManifestStore.BuildSegments(jumbf))
                {
                    splice.Insert(segment);
                }
                inserted = true;
            }
            if (removed.Contains(i))
            {
                splice.Copy(copied, s.Start - copied);
                copied = s.End;
            }
        }
        if (!inserted)
        {
            splice.Copy(copied, at - copied);
            copied = at;
            foreach (var segment in JpegManifestStore.BuildSegments(jumbf))
            {
                splice.Insert(segment);
            }
        }
        splice.Copy(copied, asset.Length - copied);
        return splice.Build(asset);
    }

    public string? ReadXmp(ReadOnlySpan<byte> asset) => JpegMetadataSegments.ReadXmp(asset, JpegLayout.Parse(asset));

    /// <summary>The extended XMP the main packet points to, reassembled; null when there is none.</summary>
    public byte[]? ReadExtendedXmp(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        return JpegMetadataSegments.ReadExtendedXmp(asset, layout, JpegMetadataSegments.ReadXmp(asset, layout));
    }

    public byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket)
    {
        var segment = JpegMetadataSegments.BuildXmp(xmpPacket);
        var layout = JpegLayout.Parse(asset);
        // Extended chunks stay only while the new packet still points at them by GUID.
        string? keptGuid = XmpText.ExtendedXmpGuid(xmpPacket);
        var file = asset;
        int existing = -1;
        var removed = new List<int>();
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (JpegAppSegments.IsXmp(file, s))
            {
                if (existing < 0)
                {
                    existing = i;
                }
                else
                {
                    removed.Add(i);
                }
            }
            else if (JpegAppSegments.IsExtendedXmp(file, s) && !HasGuid(file, s, keptGuid))
            {
                removed.Add(i);
            }
        }
        if (existing >= 0)
        {
            return Edit(asset, layout, removed, existing, replaceAnchor: true, [segment]);
        }
        return Edit(asset, layout, removed, MetadataInsertionIndex(asset, layout), replaceAnchor: false, [segment]);
    }

    public byte[] RemoveXmp(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        var removed = new List<int>();
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (JpegAppSegments.IsXmp(asset, s) || JpegAppSegments.IsExtendedXmp(asset, s))
            {
                removed.Add(i);
            }
        }
        return Without(asset, layout, removed).Build(asset);
    }

    public AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset)
    {
        var layout = JpegLayout.Parse(asset);
        string? xmp = JpegMetadataSegments.ReadXmp(asset, layout);
        return new AssetMetadata(
            JpegMetadataSegments.ReadExif(asset, layout),
            JpegMetadataSegments.ReadIcc(asset, layout),
            xmp,
            JpegMetadataSegments.ReadIptc(asset, layout))
        {
            ExtendedXmp = JpegMetadataSegments.ReadExtendedXmp(asset, layout, xmp),
        };
    }

    public byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata)
    {
        var layout = JpegLayout.Parse(freshlyEncoded);
        var segments = new List<byte[]>();
        if (metadata.Exif is not null)
        {
            segments.Add(JpegMetadataSegments.BuildExif(metadata.Exif));
        }
        if (metadata.Xmp is not null)
        {
            segments.Add(JpegMetadataSegments.BuildXmp(metadata.Xmp));
            if (metadata.ExtendedXmp is not null)
            {
                segments.AddRange(JpegMetadataSegments.BuildExtendedXmp(metadata.ExtendedXmp));
            }
        }
        if (metadata.IccProfile is not null)
        {
            segments.AddRange(JpegMetadataSegments.BuildIcc(metadata.IccProfile));
        }
        if (metadata.Iptc is not null)
        {
            segments.AddRange(JpegMetadataSegments.BuildIptc(metadata.Iptc));
        }
        var removed = new List<int>();
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if ((metadata.Exif is not null && JpegAppSegments.IsExif(freshlyEncoded, s))
                || (metadata.Xmp is not null && (JpegAppSegments.IsXmp(freshlyEncoded, s) || JpegAppSegments.IsExtendedXmp(freshlyEncoded, s)))
                || (metadata.IccProfile is not null && JpegAppSegments.IsIcc(freshlyEncoded, s))
                || (metadata.Iptc is not null && JpegAppSegments.IsPhotoshop(freshlyEncoded, s)))
            {
                removed.Add(i);
            }
        }
        return Edit(freshlyEncoded, layout, removed, layout.IndexAfterLastApp0(), replaceAnchor: false, segments);
    }

    /// <summary>
    /// Where new XMP goes: after the leading run of APP0, EXIF APP1 and C2PA APP11 segments, so an existing store
    /// keeps its offset relative to the start of the file.
    /// </summary>
    private static int MetadataInsertionIndex(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        var store = new HashSet<int>(JpegManifestStore.FindSegments(file, layout, out _));
        int index = 0;
        for (int i = 1; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (!JpegMarker.IsApp(s.Marker))
            {
                break;
            }
            if (s.Marker == JpegMarker.App0 || JpegAppSegments.IsExif(file, s) || store.Contains(i))
            {
                index = i;
            }
        }
        return index;
    }

    private static bool HasGuid(ReadOnlySpan<byte> file, JpegSegment s, string? guid)
    {
        if (guid is null || s.PayloadLength < JpegAppSegments.ExtendedXmpHeaderLength)
        {
            return false;
        }
        var stored = s.Payload(file).Slice(JpegAppSegments.ExtendedXmp.Length, 32);
        Span<byte> wanted = stackalloc byte[32];
        System.Text.Encoding.ASCII.GetBytes(guid, wanted);
        return stored.SequenceEqual(wanted);
    }

    private static Splice Without(ReadOnlySpan<byte> file, JpegLayout layout, IReadOnlyCollection<int> removed)
    {
        var set = removed as ISet<int> ?? new HashSet<int>(removed);
        var splice = new Splice();
        int copied = 0;
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            if (set.Contains(i))
            {
                var s = layout.Segments[i];
                splice.Copy(copied, s.Start - copied);
                copied = s.End;
            }
        }
        splice.Copy(copied, file.Length - copied);
        return splice;
    }

    /// <summary>
    /// Removes the <paramref name="removed"/> segments and puts <paramref name="added"/> right after segment
    /// <paramref name="anchor"/>, or in its place when <paramref name="replaceAnchor"/> is set.
    /// </summary>
    private static byte[] Edit(ReadOnlySpan<byte> file, JpegLayout layout, List<int> removed, int anchor, bool replaceAnchor,
        IReadOnlyList<byte[]> added)
    {
        var set = new HashSet<int>(removed);
        if (replaceAnchor)
        {
            set.Add(anchor);
        }
        var splice = new Splice();
        int copied = 0;
        for (int i = 0; i < layout.Segments.Count; i++)
        {
            var s = layout.Segments[i];
            if (set.Contains(i))
            {
                splice.Copy(copied, s.Start - copied);
                copied = s.End;
            }
            if (i == anchor)
            {
                splice.Copy(copied, s.End - copied);
                copied = s.End;
                foreach (var segment in added)
                {
                    splice.Insert(segment);
                }
            }
        }
        splice.Copy(copied, file.Length - copied);
        return splice.Build(file);
    }
}
