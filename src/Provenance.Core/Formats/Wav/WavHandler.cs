using System.Text;
using Provenance.Core.Formats.Metadata;
using Provenance.Core.Formats.WebP;

namespace Provenance.Core.Formats.Wav;

/// <summary>
/// WAV (RIFF WAVE, any sample encoding: the container work never touches samples). The C2PA store is a top-level
/// <c>C2PA</c> chunk, appended as the RIFF form's last child, and <c>c2pa.hash.data</c> excludes that chunk's header
/// and payload (not its pad byte), exactly as c2pa-rs's riff_io writes and reads it; XMP is the top-level
/// <c>XMP </c> chunk. Files are held in memory, bounded by <see cref="MediaLimits.MaxFileBytes"/> before they get here.
/// </summary>
internal sealed class WavHandler : IAssetHandler
{
    public static WavHandler Instance { get; } = new();

    private WavHandler()
    {
    }

    public AssetFormat Format => AssetFormat.Wav;

    MediaKind IMediaFormat.Kind => MediaKind.Audio;

    public string MimeType => MimeTypes[0];

    public IReadOnlyList<string> MimeTypes { get; } = ["audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave"];

    public string DisplayName => "WAV";

    public bool Matches(ReadOnlySpan<byte> header) => WavLayout.HasSignature(header);

    public IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset)
    {
        var layout = WavLayout.Parse(asset);
        var blocks = new List<AssetBlock> { new("RIFF", new ByteRange(0, WavLayout.HeaderLength), AssetBlockKind.Header) };
        foreach (var chunk in layout.Chunks)
        {
            var kind = chunk.FourCc switch
            {
                WavLayout.Fmt or WavLayout.Data => AssetBlockKind.AudioData,
                WavLayout.C2pa => AssetBlockKind.ManifestStore,
                WavLayout.Xmp => AssetBlockKind.Xmp,
                _ => AssetBlockKind.Other,
            };
            blocks.Add(new AssetBlock(chunk.Name, new ByteRange(chunk.Start, chunk.Length), kind));
        }
        if (layout.RiffEnd < asset.Length)
        {
            blocks.Add(new AssetBlock("trailer", new ByteRange(layout.RiffEnd, asset.Length - layout.RiffEnd), AssetBlockKind.Trailer));
        }
        return blocks;
    }

    public byte[]? ReadManifestStore(ReadOnlySpan<byte> asset)
    {
        var layout = WavLayout.Parse(asset);
        int index = layout.IndexOfFirst(WavLayout.C2pa);
        return index < 0 ? null : layout.Chunks[index].Data(asset).ToArray();
    }

    public ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset)
    {
        var layout = WavLayout.Parse(asset);
        int index = layout.IndexOfFirst(WavLayout.C2pa);
        return index < 0 ? null : new ByteRange(layout.Chunks[index].Start, 8 + layout.Chunks[index].DataLength);
    }

    public byte[] RemoveManifestStore(ReadOnlySpan<byte> asset)
    {
        var edit = new WavEdit(WavLayout.Parse(asset));
        if (edit.IndexOf(WavLayout.C2pa) < 0)
        {
            return asset.ToArray();
        }
        edit.RemoveAll(WavLayout.C2pa);
        return edit.Build(asset);
    }

    /// <summary>The store always goes last in the RIFF form (an earlier one is removed), where c2pa-rs puts it.</summary>
    public ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jumbfLength, ManifestStoreBox.RecognitionLength);
        var edit = new WavEdit(WavLayout.Parse(asset));
        edit.RemoveAll(WavLayout.C2pa);
        return new ByteRange(edit.OffsetOf(edit.Count), 8L + jumbfLength);
    }

    public byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf)
    {
        if (WavLayout.Parse(assetWithoutStore).IndexOfFirst(WavLayout.C2pa) >= 0)
        {
            throw new InvalidOperationException("The WAV already holds a C2PA manifest store; replace or remove it.");
        }
        return ReplaceManifestStore(assetWithoutStore, jumbf);
    }

    public byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf)
    {
        ManifestStoreBox.ValidateForEmbedding(jumbf);
        var edit = new WavEdit(WavLayout.Parse(asset));
        edit.RemoveAll(WavLayout.C2pa);
        edit.Insert(edit.Count, WavLayout.C2pa, WavLayout.BuildChunk(WavLayout.C2pa, jumbf));
        return edit.Build(asset);
    }

    public string? ReadXmp(ReadOnlySpan<byte> asset)
    {
        var layout = WavLayout.Parse(asset);
        int index = layout.IndexOfFirst(WavLayout.Xmp);
        return index < 0 ? null : XmpText.Decode(layout.Chunks[index].Data(asset));
    }

    /// <summary>Replaces the first XMP chunk in place (dropping others), or adds one before the C2PA chunk (or last).</summary>
    public byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket)
    {
        var edit = new WavEdit(WavLayout.Parse(asset));
        var chunk = WavLayout.BuildChunk(WavLayout.Xmp, Encoding.UTF8.GetBytes(xmpPacket));
        int existing = edit.IndexOf(WavLayout.Xmp);
        if (existing >= 0)
        {
            edit.Replace(existing, chunk);
            // Later duplicates go: the first one is what every reader takes.
            edit.RemoveAllAfter(existing, WavLayout.Xmp);
        }
        else
        {
            int store = edit.IndexOf(WavLayout.C2pa);
            edit.Insert(store < 0 ? edit.Count : store, WavLayout.Xmp, chunk);
        }
        return edit.Build(asset);
    }

    public byte[] RemoveXmp(ReadOnlySpan<byte> asset)
    {
        var edit = new WavEdit(WavLayout.Parse(asset));
        if (edit.IndexOf(WavLayout.Xmp) < 0)
        {
            return asset.ToArray();
        }
        edit.RemoveAll(WavLayout.Xmp);
        return edit.Build(asset);
    }

    /// <summary>WAV carries no EXIF, ICC or IPTC: only the XMP packet.</summary>
    public AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset) => new(null, null, ReadXmp(asset), null);

    public byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata) =>
        metadata.Xmp is null ? freshlyEncoded.ToArray() : WriteXmp(freshlyEncoded, metadata.Xmp);
}
