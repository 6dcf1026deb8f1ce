namespace Provenance.Core.C2pa;

/// <summary>The result of signing a streamed asset (the signed bytes went to the caller's output stream).</summary>
public sealed record C2paSignedStream(string ManifestLabel, byte[] ManifestStore, string ManifestJson, long Length);
