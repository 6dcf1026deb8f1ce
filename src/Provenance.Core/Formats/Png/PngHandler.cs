using System.Text;
using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.Png;

/// <summary>
/// PNG container operations on chunks. The C2PA store is a caBX chunk right after IHDR (as c2pa-rs writes it);
/// XMP is an iTXt chunk placed before the first IDAT; metadata for a fresh encode goes right after IHDR (iCCP
/// must precede PLTE and IDAT) and before the first IDAT. A chunk whose content is used must pass its CRC; other
/// chunks are carried as they are, since a C2PA hard binding covers them anyway.
/// </summary>
internal sealed class PngHandler : IAssetHandler
{
    public static PngHandler Instance { get; } = new();

    public AssetFormat Format => AssetFormat.Png;

    public string MimeType => "image/png";

    public IReadOnlyList<string> MimeTypes { get; } = ["image/png", "image/x-png"];

    public string DisplayName => "PNG";

    public bool Matches(ReadOnlySpan<byte> header) => PngLayout.HasSignature(header);

    public IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        var blocks = new List<AssetBlock>(layout.Chunks.Count + 2)
        {
            new("signature", new ByteRange(0, PngLayout.SignatureLength), AssetBlockKind.Header),
        };
        foreach (var chunk in layout.Chunks)
        {
            blocks.Add(new AssetBlock(chunk.Name, new ByteRange(chunk.Start, chunk.Length), Classify(asset, chunk)));
        }
        if (asset.Length > layout.TrailerStart)
        {
            blocks.Add(new AssetBlock("trailer", new ByteRange(layout.TrailerStart, asset.Length - layout.TrailerStart), AssetBlockKind.Trailer));
        }
        return blocks;
    }

    private static AssetBlockKind Classify(ReadOnlySpan<byte> file, PngChunk chunk) => chunk.Type switch
    {
        PngChunkType.Ihdr => AssetBlockKind.Header,
        PngChunkType.Iend => AssetBlockKind.End,
        PngChunkType.Cabx => AssetBlockKind.ManifestStore,
        PngChunkType.Exif => AssetBlockKind.Exif,
        PngChunkType.Iccp => AssetBlockKind.IccProfile,
        PngChunkType.Idat or PngChunkType.Plte or PngChunkType.Trns => AssetBlockKind.ImageData,
        _ when IsXmp(file, chunk) => AssetBlockKind.Xmp,
        _ when RawProfileName(file, chunk) is "iptc" or "8bim" => AssetBlockKind.Iptc,
        _ when RawProfileName(file, chunk) is "exif" or "APP1" => AssetBlockKind.Exif,
        _ => AssetBlockKind.Other,
    };

    public byte[]? ReadManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        PngChunk? store = null;
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.Type == PngChunkType.Cabx)
            {
                if (store is not null)
                {
                    MediaThrow.Corrupt("The PNG file holds more than one C2PA manifest store (caBX chunk).");
                }
                store = chunk;
            }
        }
        if (store is not { } found)
        {
            return null;
        }
        PngLayout.RequireIntact(asset, found);
        return found.Data(asset).ToArray();
    }

    public ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        int index = layout.IndexOfFirst(PngChunkType.Cabx);
        return index < 0 ? null : new ByteRange(layout.Chunks[index].Start, layout.Chunks[index].Length);
    }

    public byte[] RemoveManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        return Edit(asset, layout, static (_, c) => c.Type == PngChunkType.Cabx, []);
    }

    public ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jumbfLength, ManifestStoreBox.RecognitionLength);
        var layout = PngLayout.Parse(asset);
        int index = layout.IndexOfFirst(PngChunkType.Cabx);
        int at = index >= 0 ? layout.Chunks[index].Start : layout.Chunks[0].End;
        return new ByteRange(at, 12L + jumbfLength);
    }

    public byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf)
    {
        if (PngLayout.Parse(assetWithoutStore).IndexOfFirst(PngChunkType.Cabx) >= 0)
        {
            throw new InvalidOperationException("The PNG already holds a C2PA manifest store; replace or remove it.");
        }
        return ReplaceManifestStore(assetWithoutStore, jumbf);
    }

    public byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf)
    {
        ManifestStoreBox.ValidateForEmbedding(jumbf);
        var layout = PngLayout.Parse(asset);
        int index = layout.IndexOfFirst(PngChunkType.Cabx);
        var chunk = PngLayout.BuildChunk(PngChunkType.Cabx, jumbf);
        // In place of the first caBX, or right after IHDR.
        int anchor = index >= 0 ? index : 0;
        return Edit(asset, layout, static (_, c) => c.Type == PngChunkType.Cabx, [(anchor, index >= 0, chunk)]);
    }

    public string? ReadXmp(ReadOnlySpan<byte> asset) => ReadXmp(asset, PngLayout.Parse(asset));

    private static string? ReadXmp(ReadOnlySpan<byte> file, PngLayout layout)
    {
        foreach (var chunk in layout.Chunks)
        {
            if (IsXmp(file, chunk))
            {
                PngLayout.RequireIntact(file, chunk);
                var text = PngTextChunks.Text(chunk.Type, chunk.Data(file));
                return text is null ? MediaThrow.Corrupt<string>("The PNG XMP iTXt chunk is malformed.") : XmpText.Decode(text);
            }
        }
        return null;
    }

    public byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket)
    {
        var layout = PngLayout.Parse(asset);
        var chunk = PngTextChunks.BuildXmp(xmpPacket);
        int existing = -1;
        for (int i = 0; i < layout.Chunks.Count && existing < 0; i++)
        {
            if (IsXmp(asset, layout.Chunks[i]))
            {
                existing = i;
            }
        }
        if (existing >= 0)
        {
            return Edit(asset, layout, static (f, c) => IsXmp(f, c), [(existing, true, chunk)]);
        }
        return Edit(asset, layout, static (_, _) => false, [(BeforeFirstImageData(layout), false, chunk)]);
    }

    public byte[] RemoveXmp(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        return Edit(asset, layout, static (f, c) => IsXmp(f, c), []);
    }

    public AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset)
    {
        var layout = PngLayout.Parse(asset);
        byte[]? exif = null, icc = null, iptc = null;
        foreach (var chunk in layout.Chunks)
        {
            if (chunk.Type == PngChunkType.Exif && exif is null)
            {
                PngLayout.RequireIntact(asset, chunk);
                exif = ExifPayload.ToTiff(chunk.Data(asset));
            }
            else if (chunk.Type == PngChunkType.Iccp && icc is null)
            {
                PngLayout.RequireIntact(asset, chunk);
                icc = ReadIcc(chunk.Data(asset));
            }
            else if (RawProfileName(asset, chunk) is { } name)
            {
                if (name is "iptc" or "8bim" && iptc is null)
                {
                    iptc = ReadIptcProfile(asset, chunk);
                }
                else if (name is "exif" or "APP1" && exif is null)
                {
                    var profile = ReadRawProfile(asset, chunk);
                    exif = profile is null ? null : ExifPayload.ToTiff(profile);
                }
            }
        }
        return new AssetMetadata(exif, icc, ReadXmp(asset, layout), iptc);
    }

    public byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata)
    {
        var layout = PngLayout.Parse(freshlyEncoded);
        var afterHeader = new List<byte[]>();
        var beforeData = new List<byte[]>();
        if (metadata.IccProfile is not null)
        {
            afterHeader.Add(BuildIcc(metadata.IccProfile));
        }
        if (metadata.Exif is not null)
        {
            beforeData.Add(PngLayout.BuildChunk(PngChunkType.Exif, metadata.Exif));
        }
        if (metadata.Xmp is not null)
        {
            beforeData.Add(PngTextChunks.BuildXmp(metadata.Xmp));
        }
        if (metadata.Iptc is not null)
        {
            beforeData.Add(PngTextChunks.BuildRawProfile("iptc", metadata.Iptc));
        }
        var inserts = new List<(int, bool, byte[])>();
        foreach (var chunk in afterHeader)
        {
            inserts.Add((0, false, chunk));
        }
        int beforeIdat = BeforeFirstImageData(layout);
        foreach (var chunk in beforeData)
        {
            inserts.Add((beforeIdat, false, chunk));
        }
        // Chunks of the kinds being written are replaced; sRGB goes with an ICC profile, since the two exclude each other.
        ChunkFilter replaced = (f, c) =>
            (metadata.IccProfile is not null && c.Type is PngChunkType.Iccp or PngChunkType.Srgb)
            || (metadata.Exif is not null && (c.Type == PngChunkType.Exif || RawProfileName(f, c) is "exif" or "APP1"))
            || (metadata.Xmp is not null && IsXmp(f, c))
            || (metadata.Iptc is not null && RawProfileName(f, c) is "iptc" or "8bim");
        return Edit(freshlyEncoded, layout, replaced, inserts);
    }

    private static byte[] ReadIcc(ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        if (nul is < 1 or > 79 || nul + 2 > data.Length || data[nul + 1] != 0)
        {
            MediaThrow.Corrupt("The PNG iCCP chunk is malformed.");
        }
        return BoundedZlib.Inflate(data[(nul + 2)..], "The PNG iCCP profile");
    }

    private static byte[] BuildIcc(byte[] profile)
    {
        var name = "ICC profile"u8;
        var compressed = BoundedZlib.Deflate(profile);
        var data = new byte[name.Length + 2 + compressed.Length];
        name.CopyTo(data);
        compressed.CopyTo(data, name.Length + 2);
        return PngLayout.BuildChunk(PngChunkType.Iccp, data);
    }

    private static byte[]? ReadRawProfile(ReadOnlySpan<byte> file, PngChunk chunk)
    {
        PngLayout.RequireIntact(file, chunk);
        var text = PngTextChunks.Text(chunk.Type, chunk.Data(file));
        return text is null ? null : PngTextChunks.DecodeRawProfile(text);
    }

    private static byte[]? ReadIptcProfile(ReadOnlySpan<byte> file, PngChunk chunk)
    {
        var profile = ReadRawProfile(file, chunk);
        if (profile is null)
        {
            return null;
        }
        ReadOnlySpan<byte> span = profile;
        if (span.StartsWith(PhotoshopResources.Signature))
        {
            span = span[PhotoshopResources.Signature.Length..];
        }
        return span.StartsWith("8BIM"u8) ? PhotoshopResources.FindIptc(span) : profile;
    }

    private static bool IsXmp(ReadOnlySpan<byte> file, PngChunk chunk) =>
        chunk.Type == PngChunkType.Itxt && PngTextChunks.Keyword(chunk.Data(file)) == PngTextChunks.XmpKeyword;

    private static string? RawProfileName(ReadOnlySpan<byte> file, PngChunk chunk)
    {
        if (!PngTextChunks.IsText(chunk.Type))
        {
            return null;
        }
        var keyword = PngTextChunks.Keyword(chunk.Data(file));
        return keyword is not null && keyword.StartsWith(PngTextChunks.RawProfilePrefix, StringComparison.Ordinal)
            ? keyword[PngTextChunks.RawProfilePrefix.Length..]
            : null;
    }

    /// <summary>Index of the chunk that new ancillary chunks go after: the one before the first IDAT.</summary>
    private static int BeforeFirstImageData(PngLayout layout)
    {
        int idat = layout.IndexOfFirst(PngChunkType.Idat);
        return idat > 0 ? idat - 1 : layout.Chunks.Count - 2;
    }

    /// <summary>
    /// Copies the file without the chunks <paramref name="removed"/> selects, adding new chunks after (or, when the
    /// flag is set, in place of) the chunk at each anchor index.
    /// </summary>
    private delegate bool ChunkFilter(ReadOnlySpan<byte> file, PngChunk chunk);

    private static byte[] Edit(ReadOnlySpan<byte> file, PngLayout layout, ChunkFilter removed,
        IReadOnlyList<(int Anchor, bool Replace, byte[] Chunk)> inserts)
    {
        var splice = new Splice();
        splice.Copy(0, PngLayout.SignatureLength);
        for (int i = 0; i < layout.Chunks.Count; i++)
        {
            var chunk = layout.Chunks[i];
            bool replacedHere = false;
            foreach (var insert in inserts)
            {
                replacedHere |= insert.Anchor == i && insert.Replace;
            }
            if (!replacedHere && !removed(file, chunk))
            {
                splice.Copy(chunk.Start, chunk.Length);
            }
            foreach (var insert in inserts)
            {
                if (insert.Anchor == i)
                {
                    splice.Insert(insert.Chunk);
                }
            }
        }
        splice.Copy(layout.TrailerStart, file.Length - layout.TrailerStart);
        return splice.Build(file);
    }
}
