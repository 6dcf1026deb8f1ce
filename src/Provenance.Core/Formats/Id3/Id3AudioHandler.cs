using System.Text;
using Provenance.Core.Formats.Metadata;

namespace Provenance.Core.Formats.Id3;

/// <summary>
/// The container work shared by the formats that carry C2PA in an ID3v2 tag at the start of the file (MP3, FLAC;
/// spec annex A, as c2pa-rs's id3_helper does it). The manifest store is the object of a GEOB frame with MIME type
/// <c>application/c2pa</c>, file name <c>c2pa</c> and description <c>c2pa manifest store</c>, written as the tag's
/// last frame; <c>c2pa.hash.data</c> excludes the object bytes alone (the frame header and the tag header, whose size
/// field changes with the store, are hashed: the store's size is fixed before hashing). XMP is a PRIV frame with
/// owner "XMP". Other frames are copied byte for byte; the audio after the tag is never touched.
/// Writing needs an ID3v2.3 or v2.4 tag that is not unsynchronised as a whole (or none: a v2.4 tag is added).
/// </summary>
internal abstract class Id3AudioHandler : IAssetHandler, IAigcTextCarrier
{
    public abstract AssetFormat Format { get; }

    MediaKind IMediaFormat.Kind => MediaKind.Audio;

    public string MimeType => MimeTypes[0];

    public abstract IReadOnlyList<string> MimeTypes { get; }

    public abstract string DisplayName { get; }

    public abstract bool Matches(ReadOnlySpan<byte> header);

    /// <summary>Checks the audio stream that follows the tag (or starts the file) and lists its blocks, offsets from <paramref name="start"/>.</summary>
    protected abstract IReadOnlyList<AssetBlock> ParseStream(ReadOnlySpan<byte> file, int start);

    private (Id3Tag? Tag, IReadOnlyList<AssetBlock> Stream) Parse(ReadOnlySpan<byte> file)
    {
        var tag = Id3Tag.Parse(file);
        return (tag, ParseStream(file, tag?.End ?? 0));
    }

    public IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset)
    {
        var (tag, stream) = Parse(asset);
        var blocks = new List<AssetBlock>();
        if (tag is not null)
        {
            blocks.Add(new AssetBlock("ID3", new ByteRange(0, Id3Tag.HeaderLength), AssetBlockKind.Header));
            int pos = Id3Tag.HeaderLength;
            foreach (var frame in tag.Frames)
            {
                if (frame.Start > pos)
                {
                    blocks.Add(new AssetBlock("ID3 header", new ByteRange(pos, frame.Start - pos), AssetBlockKind.Header));
                }
                blocks.Add(new AssetBlock(frame.Id, new ByteRange(frame.Start, frame.End - frame.Start), KindOf(asset, tag, frame)));
                pos = frame.End;
            }
            if (tag.End > pos)
            {
                blocks.Add(new AssetBlock("ID3 padding", new ByteRange(pos, tag.End - pos), AssetBlockKind.Other));
            }
        }
        blocks.AddRange(stream);
        return blocks;
    }

    private static AssetBlockKind KindOf(ReadOnlySpan<byte> file, Id3Tag tag, Id3Frame frame) =>
        IsStore(file, tag, frame) ? AssetBlockKind.ManifestStore
        : IsXmp(file, tag, frame) ? AssetBlockKind.Xmp
        : AssetBlockKind.Other;

    public byte[]? ReadManifestStore(ReadOnlySpan<byte> asset) =>
        StoreObject(asset, Parse(asset).Tag) is { } range ? asset.Slice((int)range.Start, (int)range.Length).ToArray() : null;

    public ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset) => StoreObject(asset, Parse(asset).Tag);

    /// <summary>The object bytes of the one C2PA GEOB frame; null when there is none; Corrupt when there are several (c2pa-rs refuses those too).</summary>
    private static ByteRange? StoreObject(ReadOnlySpan<byte> file, Id3Tag? tag)
    {
        if (tag is null)
        {
            return null;
        }
        ByteRange? found = null;
        foreach (var frame in tag.Frames)
        {
            if (!IsStore(file, tag, frame))
            {
                continue;
            }
            if (found is not null)
            {
                MediaThrow.Corrupt("The ID3 tag holds more than one C2PA manifest store (GEOB application/c2pa frame).");
            }
            var offset = Id3Payloads.ReadGeob(frame.Payload(file))!.Value.ObjectOffset;
            found = new ByteRange(frame.PayloadStart + offset, frame.PayloadLength - offset);
        }
        return found;
    }

    private static bool IsStore(ReadOnlySpan<byte> file, Id3Tag tag, Id3Frame frame) =>
        frame.Id is "GEOB" or "GEO" && tag.IsPlain(frame) && Id3Payloads.ReadGeob(frame.Payload(file)) is { } geob && Id3Payloads.IsC2paMimeType(geob.MimeType);

    private static bool IsXmp(ReadOnlySpan<byte> file, Id3Tag tag, Id3Frame frame) =>
        frame.Id == "PRIV" && tag.IsPlain(frame) && Id3Payloads.ReadPriv(frame.Payload(file)) is { Owner: Id3Payloads.XmpOwner };

    private static bool IsAigcText(ReadOnlySpan<byte> file, Id3Tag tag, Id3Frame frame) =>
        frame.Id == "TXXX" && tag.IsPlain(frame) && Id3Payloads.ReadTxxx(frame.Payload(file)) is { Description: Id3Payloads.AigcDescription };

    public byte[] RemoveManifestStore(ReadOnlySpan<byte> asset)
    {
        var (tag, _) = Parse(asset);
        if (StoreObject(asset, tag) is null)
        {
            return asset.ToArray();
        }
        return Rewrite(asset, tag, IsStore, add: null);
    }

    /// <summary>The store's GEOB frame goes last in the tag; the rest of the tag keeps its frames, in order.</summary>
    public ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jumbfLength, ManifestStoreBox.RecognitionLength);
        var (tag, _) = Parse(asset);
        var writer = Writer(asset, tag, IsStore);
        return new ByteRange(writer.Length + 10 + Id3Payloads.GeobPreamble().Length, jumbfLength);
    }

    public byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf)
    {
        if (FindManifestStoreRange(assetWithoutStore) is not null)
        {
            throw new InvalidOperationException($"The {DisplayName} already holds a C2PA manifest store; replace or remove it.");
        }
        return ReplaceManifestStore(assetWithoutStore, jumbf);
    }

    public byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf)
    {
        ManifestStoreBox.ValidateForEmbedding(jumbf);
        var (tag, _) = Parse(asset);
        return Rewrite(asset, tag, IsStore, ("GEOB", Id3Payloads.Geob(jumbf)));
    }

    public string? ReadXmp(ReadOnlySpan<byte> asset)
    {
        var (tag, _) = Parse(asset);
        foreach (var frame in tag?.Frames ?? [])
        {
            if (IsXmp(asset, tag!, frame))
            {
                var payload = frame.Payload(asset);
                return XmpText.Decode(payload[Id3Payloads.ReadPriv(payload)!.Value.DataOffset..]);
            }
        }
        return null;
    }

    /// <summary>Replaces every XMP PRIV frame by one with <paramref name="xmpPacket"/>, placed before the C2PA GEOB frame.</summary>
    public byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket)
    {
        var (tag, _) = Parse(asset);
        return Rewrite(asset, tag, IsXmp, ("PRIV", Id3Payloads.Priv(Id3Payloads.XmpOwner, Encoding.UTF8.GetBytes(xmpPacket))));
    }

    public byte[] RemoveXmp(ReadOnlySpan<byte> asset)
    {
        var (tag, _) = Parse(asset);
        return ReadXmp(asset) is null ? asset.ToArray() : Rewrite(asset, tag, IsXmp, add: null);
    }

    public string? ReadAigcText(ReadOnlySpan<byte> asset)
    {
        var (tag, _) = Parse(asset);
        foreach (var frame in tag?.Frames ?? [])
        {
            if (IsAigcText(asset, tag!, frame))
            {
                return Id3Payloads.ReadTxxx(frame.Payload(asset))!.Value.Value;
            }
        }
        return null;
    }

    public byte[] WriteAigcText(ReadOnlySpan<byte> asset, string labelJson)
    {
        var (tag, _) = Parse(asset);
        byte major = tag?.Major ?? 4;
        return Rewrite(asset, tag, IsAigcText, ("TXXX", Id3Payloads.Txxx(major, Id3Payloads.AigcDescription, labelJson)));
    }

    public AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset) => new(null, null, ReadXmp(asset), null);

    public byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata) =>
        metadata.Xmp is null ? freshlyEncoded.ToArray() : WriteXmp(freshlyEncoded, metadata.Xmp);

    private delegate bool FramePredicate(ReadOnlySpan<byte> file, Id3Tag tag, Id3Frame frame);

    /// <summary>
    /// The file with the frames <paramref name="drop"/> picks removed and <paramref name="add"/> (if any) added: a
    /// new GEOB last, anything else before the C2PA GEOB frame, so the store stays last.
    /// </summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> file, Id3Tag? tag, FramePredicate drop, (string Id, byte[] Payload)? add)
    {
        CheckWritable(tag);
        var writer = new Id3Writer(tag?.Major ?? 4);
        var storeFrames = new List<Id3Frame>();
        foreach (var frame in tag?.Frames ?? [])
        {
            if (drop(file, tag!, frame))
            {
                continue;
            }
            if (IsStore(file, tag!, frame))
            {
                storeFrames.Add(frame);
                continue;
            }
            writer.Copy(file, frame);
        }
        if (add is { Id: not "GEOB" } other)
        {
            writer.Add(other.Id, other.Payload);
        }
        foreach (var frame in storeFrames)
        {
            writer.Copy(file, frame);
        }
        if (add is { Id: "GEOB" } store)
        {
            writer.Add(store.Id, store.Payload);
        }
        return writer.Build(file[(tag?.End ?? 0)..]);
    }

    /// <summary>A writer holding every frame but those <paramref name="drop"/> picks, as <see cref="Rewrite"/> starts.</summary>
    private static Id3Writer Writer(ReadOnlySpan<byte> file, Id3Tag? tag, FramePredicate drop)
    {
        CheckWritable(tag);
        var writer = new Id3Writer(tag?.Major ?? 4);
        foreach (var frame in tag?.Frames ?? [])
        {
            if (!drop(file, tag!, frame))
            {
                writer.Copy(file, frame);
            }
        }
        return writer;
    }

    private static void CheckWritable(Id3Tag? tag)
    {
        if (tag is { Major: 2 })
        {
            MediaThrow.Unsupported("The file's ID3v2.2 tag cannot take new frames here; retag it as ID3v2.3 or v2.4.");
        }
        if (tag is { Unsynchronised: true })
        {
            MediaThrow.Unsupported("The file's ID3 tag is unsynchronised as a whole; its frames cannot be kept byte for byte.");
        }
    }
}
