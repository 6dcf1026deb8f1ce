using System.Collections.Frozen;
using Provenance.Core.Credentials;
using ProvenanceService.Storage;

namespace ProvenanceService.Application.Revocations;

/// <summary>
/// The revocations every replica stored in the shared database, as last read by <see cref="RevocationSync"/>.
/// They count as much as the ones in this replica's own key files: a key or certificate revoked through any
/// replica is refused by all of them.
/// </summary>
internal sealed class SharedRevocations
{
    private volatile FrozenDictionary<(string Kind, string Key), StoredRevocation> _current =
        FrozenDictionary<(string Kind, string Key), StoredRevocation>.Empty;

    public int Count => _current.Count;

    /// <summary>The stored revocation of this credential (key: hex SHA-256, any case), or null.</summary>
    public StoredRevocation? Find(string kind, string? key) =>
        key is not null && _current.TryGetValue((kind, key.ToLowerInvariant()), out var revocation) ? revocation : null;

    /// <summary>The same, in the key files' terms (when and why).</summary>
    public Revocation? FindAsFileEntry(string kind, string? key) =>
        Find(kind, key) is { } stored ? new Revocation(stored.At, stored.Reason) : null;

    /// <summary>Every stored revocation of one kind.</summary>
    public IEnumerable<StoredRevocation> All(string kind) => _current.Values.Where(r => r.Kind == kind);

    public bool Contains(StoredRevocation revocation) => Find(revocation.Kind, revocation.Key) is not null;

    public void Replace(IEnumerable<StoredRevocation> revocations) =>
        _current = revocations
            .GroupBy(r => (r.Kind, r.Key.ToLowerInvariant()))
            .ToFrozenDictionary(g => g.Key, g => g.First());
}
