using System.Security.Cryptography;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa;

/// <summary>
/// The manifest a derived manifest names as its parentOf ingredient: the active manifest of the store the asset
/// holds now. Only a store that parses and whose active manifest has one readable claim and a signature box can be
/// derived from; anything less is refused, because an ingredient must name the manifest by the hash of its box and
/// validators must be able to read what it names.
/// </summary>
internal sealed class ParentManifest
{
    private ParentManifest(byte[] storeBytes, ManifestStore store, ManifestBox manifest, Claim claim)
    {
        StoreBytes = storeBytes;
        Store = store;
        Manifest = manifest;
        Claim = claim;
    }

    /// <summary>The asset's whole manifest store, as embedded (what the parent is validated within).</summary>
    public byte[] StoreBytes { get; }

    public ManifestStore Store { get; }

    public ManifestBox Manifest { get; }

    public Claim Claim { get; }

    /// <summary>
    /// Reads the parent from <paramref name="asset"/>. Throws <see cref="ArgumentException"/> ("nothing to derive
    /// from") when the asset holds no store or no readable active manifest, and <see cref="InvalidMediaException"/>
    /// when the container around the store is malformed.
    /// </summary>
    public static ParentManifest Read(IAssetHandler handler, ReadOnlySpan<byte> asset)
    {
        var bytes = handler.ReadManifestStore(asset) ?? throw NothingToDeriveFrom("the asset holds no C2PA manifest store");
        ManifestStore store;
        try
        {
            store = ManifestStore.Parse(bytes);
        }
        catch (JumbfFormatException e)
        {
            throw NothingToDeriveFrom("the manifest store is not well-formed JUMBF: " + e.Message);
        }
        if (store.ActiveProblem is { } problem)
        {
            throw NothingToDeriveFrom("the active manifest cannot be read: " + problem);
        }
        if (store.Active is not { } active)
        {
            throw NothingToDeriveFrom("the manifest store holds no manifest");
        }
        if (active.ClaimBoxes.Count != 1 || active.SignatureBox is null)
        {
            throw NothingToDeriveFrom($"the active manifest has {active.ClaimBoxes.Count} claim boxes and {(active.SignatureBox is null ? "no" : "a")} signature box");
        }
        try
        {
            return new ParentManifest(bytes, store, active, Claim.Parse(active.ClaimBoxes[0]));
        }
        catch (ManifestException e)
        {
            throw NothingToDeriveFrom($"the active manifest's claim is unreadable ({e.StatusCode}): {e.Message}");
        }
    }

    /// <summary>The hashed URI of the parent's manifest box, for the ingredient's <c>activeManifest</c>.</summary>
    public HashedUri ManifestReference() => new(Manifest.Uri, JumbfHash.Compute(Manifest.Box, HashAlgorithmName.SHA256), null);

    /// <summary>The hashed URI of the parent's claim signature box, for the ingredient's <c>claimSignature</c>.</summary>
    public HashedUri SignatureReference() =>
        new($"{Manifest.Uri}/{C2paLabels.Signature}", JumbfHash.Compute(Manifest.SignatureBox!, HashAlgorithmName.SHA256), null);

    private static ArgumentException NothingToDeriveFrom(string why) => new($"nothing to derive from: {why}", "asset");
}
