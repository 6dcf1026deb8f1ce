namespace Provenance.Core.Formats;

/// <summary>
/// One still-image container format's byte-level operations, on whole assets held in memory (their size is bounded by the
/// configured file-size limit before they get here). Every method parses untrusted bytes with bounds and throws
/// <see cref="InvalidMediaException"/> for a malformed container. Pixels are not touched here: see Imaging/.
/// Edits copy every byte they do not change, so an asset parsed and written back with no change is identical.
/// </summary>
internal interface IAssetHandler : IMediaFormat
{
    MediaKind IMediaFormat.Kind => MediaKind.Image;

    HardBindingKind IMediaFormat.HardBinding => HardBindingKind.DataHash;

    /// <summary>Every block of the container in file order (segments, chunks, gaps, trailer); they tile the asset.</summary>
    IReadOnlyList<AssetBlock> ListBlocks(ReadOnlySpan<byte> asset);

    /// <summary>The embedded C2PA manifest store (the JUMBF superbox bytes, reassembled when split), or null.</summary>
    byte[]? ReadManifestStore(ReadOnlySpan<byte> asset);

    /// <summary>
    /// The container bytes that hold the embedded store (all APP11 segments / the whole caBX or C2PA chunk), which
    /// is what a c2pa.hash.data exclusion covers; null when there is no store.
    /// </summary>
    ByteRange? FindManifestStoreRange(ReadOnlySpan<byte> asset);

    /// <summary>The asset with every C2PA store removed and everything else kept byte for byte.</summary>
    byte[] RemoveManifestStore(ReadOnlySpan<byte> asset);

    /// <summary>
    /// Where <see cref="ReplaceManifestStore"/> (or, for an asset without a store, <see cref="InsertManifestStore"/>)
    /// will put a store of <paramref name="jumbfLength"/> bytes, and how many container bytes it will occupy
    /// (segment or chunk headers included): the range a c2pa.hash.data exclusion must name. An existing store is
    /// replaced in place; otherwise the store goes to the format's default place.
    /// <para>
    /// The range is exact for any store of that length, so a signer can embed a placeholder, hash the result
    /// minus the range, and embed the final store of the same length. Bytes outside the range may differ from the
    /// input (WebP: the RIFF size, and a VP8X header added to a simple-format file), so hash the embedded result.
    /// </para>
    /// </summary>
    ByteRange PlanManifestStore(ReadOnlySpan<byte> asset, int jumbfLength);

    /// <summary>Inserts the store at the planned place; refuses an asset that already holds one (InvalidOperationException).</summary>
    byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf);

    /// <summary>Puts the store in place of the existing one (or inserts it when there is none), at the planned place.</summary>
    byte[] ReplaceManifestStore(ReadOnlySpan<byte> asset, ReadOnlySpan<byte> jumbf);

    /// <summary>The XMP packet (UTF-8 text), or null.</summary>
    string? ReadXmp(ReadOnlySpan<byte> asset);

    /// <summary>The asset with its XMP packet replaced by (or, when absent, given) <paramref name="xmpPacket"/>.</summary>
    byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket);

    /// <summary>The asset without any XMP packet.</summary>
    byte[] RemoveXmp(ReadOnlySpan<byte> asset);

    /// <summary>The metadata blocks (EXIF, ICC profile, XMP, IPTC) that must survive a pixel re-encode.</summary>
    AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset);

    /// <summary>
    /// A freshly encoded asset of this format with <paramref name="metadata"/> written back into it. Blocks of the
    /// same kinds already in <paramref name="freshlyEncoded"/> are replaced.
    /// </summary>
    byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata);
}
