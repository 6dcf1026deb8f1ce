using ProvenanceService.Storage;

namespace ProvenanceService.Application;

/// <summary>A stored record as GetManifest answers it: with the revocation, if any, of the key or signer that made it.</summary>
internal sealed record StoredManifest(ManifestRecord Record, string? RevocationReason);
