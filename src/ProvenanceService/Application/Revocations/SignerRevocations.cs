using System.Collections;
using Provenance.Core.Credentials;
using ProvenanceService.Configuration;
using ProvenanceService.Storage;

namespace ProvenanceService.Application.Revocations;

/// <summary>
/// The revoked signing certificates, as the live set the C2PA validator consults at every validation (it
/// enumerates nothing; it asks Contains), with the operator's reason for each: those in this replica's
/// revocations.json and those any replica stored in the shared database.
/// </summary>
internal sealed class SignerRevocations(ReloadingFile<RevocationDocument> file, SharedRevocations shared) : IReadOnlySet<string>
{
    /// <summary>This replica's own file (what <see cref="RevocationSync"/> publishes).</summary>
    public RevocationDocument Current => file.Current;

    public string? ReasonFor(string? certificateSha256)
    {
        if (Current.ReasonFor(certificateSha256) is { } local)
        {
            return local;
        }
        return shared.Find(RevocationKinds.SignerCertificate, certificateSha256) is { } stored
            ? $"the signing certificate {stored.Subject} was revoked on {stored.At:yyyy-MM-dd}: {stored.Reason}"
            : null;
    }

    public bool Contains(string item) => ReasonFor(item) is not null;

    public int Count => Snapshot().Count;

    public IEnumerator<string> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private HashSet<string> Snapshot()
    {
        var all = new HashSet<string>(Current.Signers.Select(s => s.CertificateSha256), StringComparer.OrdinalIgnoreCase);
        all.UnionWith(shared.All(RevocationKinds.SignerCertificate).Select(r => r.Key));
        return all;
    }

    public bool IsProperSubsetOf(IEnumerable<string> other) => Snapshot().IsProperSubsetOf(other);
    public bool IsProperSupersetOf(IEnumerable<string> other) => Snapshot().IsProperSupersetOf(other);
    public bool IsSubsetOf(IEnumerable<string> other) => Snapshot().IsSubsetOf(other);
    public bool IsSupersetOf(IEnumerable<string> other) => Snapshot().IsSupersetOf(other);
    public bool Overlaps(IEnumerable<string> other) => Snapshot().Overlaps(other);
    public bool SetEquals(IEnumerable<string> other) => Snapshot().SetEquals(other);
}
