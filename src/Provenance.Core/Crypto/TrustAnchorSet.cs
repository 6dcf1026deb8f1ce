using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>A list of trust anchors loaded from a PEM bundle (one or more "CERTIFICATE" blocks).</summary>
internal sealed class TrustAnchorSet
{
    private readonly HashSet<string> _thumbprints;

    private TrustAnchorSet(X509Certificate2Collection anchors)
    {
        Anchors = anchors;
        _thumbprints = anchors.Select(Sha256Thumbprint).ToHashSet(StringComparer.Ordinal);
    }

    public static TrustAnchorSet Empty { get; } = new([]);

    public X509Certificate2Collection Anchors { get; }

    public int Count => Anchors.Count;

    /// <summary>Loads every certificate of a PEM bundle; throws <see cref="ArgumentException"/> for a bundle that holds none.</summary>
    public static TrustAnchorSet FromPem(string pem)
    {
        var anchors = new X509Certificate2Collection();
        try
        {
            anchors.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("the trust anchor bundle holds a certificate that does not parse: " + e.Message, nameof(pem), e);
        }
        if (anchors.Count == 0 && !string.IsNullOrWhiteSpace(pem))
        {
            throw new ArgumentException("the trust anchor bundle holds no PEM certificate", nameof(pem));
        }
        return new TrustAnchorSet(anchors);
    }

    public bool Contains(X509Certificate2 certificate) => _thumbprints.Contains(Sha256Thumbprint(certificate));

    public static string Sha256Thumbprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
}
