using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// Remembers chain-building results for one trust configuration: path building costs milliseconds, and a service
/// sees the same few signer chains over and over. A result is reused only at a time inside the validity window of
/// every certificate on the path it was built from, so the answer is the one a fresh build would give (revocation
/// is not part of it: the caller checks its revocation list on every call). Bounded: it is emptied when full.
/// </summary>
internal sealed class ChainVerdictCache
{
    private const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(ChainVerdict Verdict, string Explanation, DateTimeOffset From, DateTimeOffset To);

    public (ChainVerdict Verdict, string Explanation) Validate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, TrustAnchorSet anchors, DateTimeOffset at)
    {
        var key = string.Join(",", intermediates.Prepend(leaf).Select(TrustAnchorSet.Sha256Thumbprint));
        if (_entries.TryGetValue(key, out var cached) && at >= cached.From && at <= cached.To)
        {
            return (cached.Verdict, cached.Explanation);
        }
        var (verdict, explanation, path) = CertificateChainValidator.Validate(leaf, intermediates, anchors, at);
        if (verdict is ChainVerdict.Trusted or ChainVerdict.Untrusted)
        {
            var certificates = path.Concat(intermediates).Append(leaf).ToList();
            var from = certificates.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime()));
            var to = certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
            _entries[key] = new Entry(verdict, explanation, from, to);
        }
        foreach (var certificate in path)
        {
            certificate.Dispose();
        }
        return (verdict, explanation);
    }
}
