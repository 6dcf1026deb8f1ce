namespace Provenance.Core.C2pa;

/// <summary>The result of signing: the asset with its manifest store, the manifest's label, the store, and JSON for storage.</summary>
public sealed record C2paSignedAsset(byte[] Bytes, string ManifestLabel, byte[] ManifestStore, string ManifestJson);
