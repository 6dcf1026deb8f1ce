using System.Security.Cryptography;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.Formats;

namespace Provenance.Core.C2pa;

/// <summary>
/// Embeds a store whose <c>c2pa.hash.data</c> covers the asset it ends up in (spec "Multiple Step Processing"): a
/// placeholder store of the final size (reserved data hash, unsigned claim) is put in place first, so the container is
/// in its final shape (a WebP's RIFF size and VP8X header change too) and can be hashed; then the real store, with the
/// exact exclusion, the hash and the signature, replaces it in exactly the same number of bytes.
/// </summary>
internal static class ManifestEmbedding
{
    public const int HashLength = 32;

    /// <summary>
    /// Embeds the store <paramref name="layout"/> makes, in place of the store <paramref name="asset"/> holds (or
    /// where the format puts a new one). <paramref name="layout"/> receives the data hash assertion to include and
    /// whether to sign; both of its calls must give stores of the same length.
    /// </summary>
    public static (byte[] Asset, byte[] Store) Embed(IAssetHandler handler, ReadOnlySpan<byte> asset, Func<AssertionPayload, bool, byte[]> layout)
    {
        var dataHashLength = DataHashAssertion.ReservedLength(HashLength);
        var reserved = AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(new ByteRange(0, 0), new byte[HashLength], dataHashLength));
        var placeholder = layout(reserved, false);
        var range = handler.PlanManifestStore(asset, placeholder.Length);
        var embedded = handler.ReplaceManifestStore(asset, placeholder);
        if (handler.FindManifestStoreRange(embedded) != range)
        {
            throw new InvalidOperationException($"the {handler.Format} handler put the store elsewhere than it planned");
        }

        var dataHash = AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(range, DataHash(embedded, range), dataHashLength));
        var store = layout(dataHash, true);
        if (store.Length != placeholder.Length)
        {
            throw new InvalidOperationException($"the manifest store is {store.Length} bytes, {placeholder.Length} were planned");
        }
        return (handler.ReplaceManifestStore(embedded, store), store);
    }

    /// <summary>SHA-256 over the embedded asset minus the store's container bytes, as <c>c2pa.hash.data</c> defines it.</summary>
    private static byte[] DataHash(ReadOnlySpan<byte> embedded, ByteRange range)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(embedded[..(int)range.Start]);
        hash.AppendData(embedded[(int)range.End..]);
        return hash.GetHashAndReset();
    }
}
