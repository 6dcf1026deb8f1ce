using System.Text;
using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.WebP;

/// <summary>
/// WebP (RIFF) container operations. The C2PA store is a "C2PA" chunk at the end of the RIFF container, as c2pa-rs
/// writes it, and its exclusion is the chunk header plus payload (c2pa-rs leaves the pad byte out). Any chunk
/// besides the bitstream needs the extended format, so a simple-format file gets a VP8X header when one is added.
/// ICCP goes right after VP8X, EXIF and XMP after the image data; the VP8X flags follow the metadata chunks.
/// WebP has no IPTC chunk: IPTC is not carried into WebP.
/// </summary>
internal sealed class WebPHandler : IAssetHandler
{
    public static WebPHandler Instance { get; } = new();

    public AssetFormat Format => AssetFormat.WebP;

    public string MimeType => "image/webp";

    public IReadOnlyList<string> MimeTypes { get; } = ["image/webp"];

    public string DisplayName => "WebP";

    public bool Matches(ReadOnlySpan<byte> header) => WebPLayout.HasSignature(header);

    public IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        var blocks = new List<AssetBlock>(layout.Chunks.Count + 2)
        {
            new("RIFF", new ByteRange(0, WebPLayout.HeaderLength), AssetBlockKind.Header),
        };
        foreach (var chunk in layout.Chunks)
        {
            var kind = chunk.FourCc switch
            {
                WebPChunkType.Vp8X => AssetBlockKind.Header,
                WebPChunkType.C2pa => AssetBlockKind.ManifestStore,
                WebPChunkType.Xmp => AssetBlockKind.Xmp,
                WebPChunkType.Exif => AssetBlockKind.Exif,
                WebPChunkType.Iccp => AssetBlockKind.IccProfile,
                _ when WebPChunkType.IsImageData(chunk.FourCc) => AssetBlockKind.ImageData,
                _ => AssetBlockKind.Other,
            };
            blocks.Add(new AssetBlock(chunk.Name, new ByteRange(chunk.Start, chunk.Length), kind));
        }
        if (asset.Length > layout.RiffEnd)
        {
            blocks.Add(new AssetBlock("trailer", new ByteRange(layout.RiffEnd, asset.Length - layout.RiffEnd), AssetBlockKind.Trailer));
        }
        return blocks;
    }

    public byte[]? ReadManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        RiffChunk? store = null;
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.FourCc == WebPChunkType.C2pa)
            {
                if (store is not null)
                {
                    MediaThrow.Corrupt("The WebP file holds more than one C2PA manifest store (C2PA chunk).");
                }
                store = chunk;
            }
        }
        return store?.Data(asset).ToArray();
    }

    public ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        int index = layout.IndexOfFirst(WebPChunkType.C2pa);
        return index < 0 ? null : new ByteRange(layout.Chunks[index].Start, 8 + layout.Chunks[index].DataLength);
    }

    public byte[] RemoveManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        if (layout.IndexOfFirst(WebPChunkType.C2pa) < 0)
        {
            return asset.ToArray();
        }
        var edit = new WebPEdit(asset, layout);
        edit.RemoveAll(WebPChunkType.C2pa);
        return edit.Build(asset);
    }

    public ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jumbfLength, ManifestStoreBox.RecognitionLength);
        var edit = PrepareStoreEdit(asset, out int index);
        return new ByteRange(edit.OffsetOf(index), 8L + jumbfLength);
    }

    public byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf)
    {
        if (WebPLayout.Parse(assetWithoutStore).IndexOfFirst(WebPChunkType.C2pa) >= 0)
        {
            throw new InvalidOperationException("The WebP already holds a C2PA manifest store; replace or remove it.");
        }
        return ReplaceManifestStore(assetWithoutStore, jumbf);
    }

    public byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf)
    {
        ManifestStoreBox.ValidateForEmbedding(jumbf);
        var edit = PrepareStoreEdit(asset, out int index);
        edit.Insert(index, WebPChunkType.C2pa, WebPLayout.BuildChunk(WebPChunkType.C2pa, jumbf));
        return edit.Build(asset);
    }

    /// <summary>An edit with every store removed and the extended format in place; <paramref name="index"/> is where the store goes.</summary>
    private static WebPEdit PrepareStoreEdit(ReadOnlySpan<byte> asset, out int index)
    {
        var layout = WebPLayout.Parse(asset);
        var edit = new WebPEdit(asset, layout);
        index = edit.IndexOf(WebPChunkType.C2pa);
        edit.RemoveAll(WebPChunkType.C2pa);
        if (index < 0)
        {
            index = edit.Count;
        }
        edit.RequireExtended(asset);
        return edit;
    }

    public string? ReadXmp(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        int index = layout.IndexOfFirst(WebPChunkType.Xmp);
        return index < 0 ? null : XmpText.Decode(layout.Chunks[index].Data(asset));
    }

    public byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket)
    {
        var layout = WebPLayout.Parse(asset);
        var edit = new WebPEdit(asset, layout);
        var chunk = WebPLayout.BuildChunk(WebPChunkType.Xmp, Encoding.UTF8.GetBytes(xmpPacket));
        PlaceMetadata(edit, WebPChunkType.Xmp, chunk);
        edit.RequireExtended(asset);
        edit.SyncMetadataFlags();
        return edit.Build(asset);
    }

    public byte[] RemoveXmp(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        if (layout.IndexOfFirst(WebPChunkType.Xmp) < 0)
        {
            return asset.ToArray();
        }
        var edit = new WebPEdit(asset, layout);
        edit.RemoveAll(WebPChunkType.Xmp);
        edit.SyncMetadataFlags();
        return edit.Build(asset);
    }

    public AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset)
    {
        var layout = WebPLayout.Parse(asset);
        int exif = layout.IndexOfFirst(WebPChunkType.Exif);
        int icc = layout.IndexOfFirst(WebPChunkType.Iccp);
        int xmp = layout.IndexOfFirst(WebPChunkType.Xmp);
        return new AssetMetadata(
            exif < 0 ? null : ExifPayload.ToTiff(layout.Chunks[exif].Data(asset)),
            icc < 0 ? null : layout.Chunks[icc].Data(asset).ToArray(),
            xmp < 0 ? null : XmpText.Decode(layout.Chunks[xmp].Data(asset)),
            Iptc: null);
    }

    public byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata)
    {
        if (metadata.Exif is null && metadata.IccProfile is null && metadata.Xmp is null)
        {
            return freshlyEncoded.ToArray();
        }
        var layout = WebPLayout.Parse(freshlyEncoded);
        var edit = new WebPEdit(freshlyEncoded, layout);
        if (metadata.IccProfile is not null)
        {
            edit.RemoveAll(WebPChunkType.Iccp);
            edit.Insert(0, WebPChunkType.Iccp, WebPLayout.BuildChunk(WebPChunkType.Iccp, metadata.IccProfile));
        }
        if (metadata.Exif is not null)
        {
            PlaceMetadata(edit, WebPChunkType.Exif, WebPLayout.BuildChunk(WebPChunkType.Exif, metadata.Exif));
        }
        if (metadata.Xmp is not null)
        {
            PlaceMetadata(edit, WebPChunkType.Xmp, WebPLayout.BuildChunk(WebPChunkType.Xmp, Encoding.UTF8.GetBytes(metadata.Xmp)));
        }
        edit.RequireExtended(freshlyEncoded);
        edit.SyncMetadataFlags();
        return edit.Build(freshlyEncoded);
    }

    /// <summary>Replaces the first chunk of the kind in place (dropping others), or adds it after the image data (XMP after EXIF).</summary>
    private static void PlaceMetadata(WebPEdit edit, uint fourCc, byte[] chunk)
    {
        int existing = edit.IndexOf(fourCc);
        if (existing >= 0)
        {
            edit.Replace(existing, fourCc, chunk);
            for (int i = edit.Count - 1; i > existing; i--)
            {
                if (edit.FourCcAt(i) == fourCc)
                {
                    edit.RemoveAt(i);
                }
            }
            return;
        }
        int at = edit.AfterImageData();
        if (fourCc == WebPChunkType.Xmp && edit.IndexOf(WebPChunkType.Exif) is var exif and >= 0)
        {
            at = Math.Max(at, exif + 1);
        }
        edit.Insert(at, fourCc, chunk);
    }
}
