using System.Collections;
using Provenance.Core.Credentials;
using ProvenanceService.Configuration;

namespace ProvenanceService.Application;

/// <summary>
/// The revoked signing certificates from revocations.json, as the live set the C2PA validator consults at every
/// validation (it enumerates nothing; it asks Contains), with the operator's reason for each.
/// </summary>
internal sealed class SignerRevocations(ReloadingFile<RevocationDocument> file) : IReadOnlySet<string>
{
    public RevocationDocument Current => file.Current;

    public string? ReasonFor(string? certificateSha256) => Current.ReasonFor(certificateSha256);

    public bool Contains(string item) => Current.Find(item) is not null;

    public int Count => Current.Signers.Count;

    public IEnumerator<string> GetEnumerator() => Current.Signers.Select(s => s.CertificateSha256).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private HashSet<string> Snapshot() => new(Current.Signers.Select(s => s.CertificateSha256), StringComparer.OrdinalIgnoreCase);

    public bool IsProperSubsetOf(IEnumerable<string> other) => Snapshot().IsProperSubsetOf(other);
    public bool IsProperSupersetOf(IEnumerable<string> other) => Snapshot().IsProperSupersetOf(other);
    public bool IsSubsetOf(IEnumerable<string> other) => Snapshot().IsSubsetOf(other);
    public bool IsSupersetOf(IEnumerable<string> other) => Snapshot().IsSupersetOf(other);
    public bool Overlaps(IEnumerable<string> other) => Snapshot().Overlaps(other);
    public bool SetEquals(IEnumerable<string> other) => Snapshot().SetEquals(other);
}
