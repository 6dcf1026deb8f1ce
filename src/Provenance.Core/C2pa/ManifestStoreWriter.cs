using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa;

/// <summary>
/// Lays out a manifest store: <c>c2pa</c> → <c>urn:c2pa:…</c> → { assertion store, claim, claim signature }, in the
/// order the spec lists and c2pa-rs writes. A new manifest goes last, which makes it the active manifest.
/// </summary>
internal static class ManifestStoreWriter
{
    /// <summary>A store holding one standard manifest.</summary>
    public static JumbfSuperboxElement Build(string manifestLabel, IReadOnlyList<JumbfSuperboxElement> assertions, byte[] claim, byte[] signature) =>
        new(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore, [Manifest(manifestLabel, assertions, claim, signature)]);

    /// <summary>
    /// A store holding everything <paramref name="earlierStore"/> held, copied byte for byte (so the hashes that name
    /// those manifests still hold), followed by a new standard manifest.
    /// </summary>
    public static JumbfSuperboxElement Append(JumbfBox earlierStore, string manifestLabel, IReadOnlyList<JumbfSuperboxElement> assertions, byte[] claim, byte[] signature) =>
        new(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore,
            [.. earlierStore.Children.Select(c => new JumbfCopiedElement(c)), Manifest(manifestLabel, assertions, claim, signature)]);

    private static JumbfSuperboxElement Manifest(string manifestLabel, IReadOnlyList<JumbfSuperboxElement> assertions, byte[] claim, byte[] signature) =>
        new(JumbfTypeIds.StandardManifest, manifestLabel,
        [
            new JumbfSuperboxElement(JumbfTypeIds.AssertionStore, C2paLabels.AssertionStore, assertions),
            new JumbfSuperboxElement(JumbfTypeIds.Claim, C2paLabels.ClaimV2, [new JumbfContentElement(BoxType.Cbor, claim)]),
            new JumbfSuperboxElement(JumbfTypeIds.ClaimSignature, C2paLabels.Signature, [new JumbfContentElement(BoxType.Cbor, signature)]),
        ]);

    /// <summary>The hashed-URI digest of an assertion about to be written: SHA-256 over the box minus its header.</summary>
    public static byte[] HashOf(JumbfSuperboxElement assertion)
    {
        var bytes = assertion.ToArray();
        return JumbfHash.Compute(bytes.AsSpan(8), System.Security.Cryptography.HashAlgorithmName.SHA256);
    }
}
