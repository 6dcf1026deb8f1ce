namespace Provenance.Core.Formats;

/// <summary>
/// One container format's byte-level operations, on whole assets held in memory (their size is bounded by the
/// configured file-size limit before they get here). Every method parses untrusted bytes with bounds and throws
/// <see cref="InvalidMediaException"/> for a malformed container. Pixels are not touched here: see Imaging/.
/// </summary>
internal interface IAssetHandler
{
    AssetFormat Format { get; }

    string MimeType { get; }

    /// <summary>True when <paramref name="header"/> (the first bytes of a file) is this format's signature.</summary>
    bool Matches(ReadOnlySpan<byte> header);

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
    /// For an asset without a store: where a store of <paramref name="jumbfLength"/> bytes will be inserted and how
    /// many container bytes it will occupy (segment or chunk headers included). <see cref="InsertManifestStore"/>
    /// with a store of that length puts it exactly there.
    /// </summary>
    ByteRange PlanManifestStore(ReadOnlySpan<byte> assetWithoutStore, int jumbfLength);

    /// <summary>Inserts the store at the planned place; refuses an asset that already holds one.</summary>
    byte[] InsertManifestStore(ReadOnlySpan<byte> assetWithoutStore, ReadOnlySpan<byte> jumbf);

    /// <summary>The XMP packet (UTF-8 text), or null.</summary>
    string? ReadXmp(ReadOnlySpan<byte> asset);

    /// <summary>The asset with its XMP packet replaced by (or, when absent, given) <paramref name="xmpPacket"/>.</summary>
    byte[] WriteXmp(ReadOnlySpan<byte> asset, string xmpPacket);

    /// <summary>The metadata blocks (EXIF, ICC profile, XMP, IPTC) that must survive a pixel re-encode.</summary>
    AssetMetadata ReadMetadata(ReadOnlySpan<byte> asset);

    /// <summary>A freshly encoded asset of this format with <paramref name="metadata"/> written back into it.</summary>
    byte[] WriteMetadata(ReadOnlySpan<byte> freshlyEncoded, AssetMetadata metadata);
}
