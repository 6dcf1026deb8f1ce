using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// Builds and checks the path from a signer certificate to a configured trust anchor (RFC 5280 section 6, through
/// the platform's X509Chain) at a given time. The certificates a manifest carries are used only as candidates for
/// intermediates; nothing is downloaded and revocation is not queried (the caller handles revocation).
/// </summary>
internal static class CertificateChainValidator
{
    public static (ChainVerdict Verdict, string Explanation, IReadOnlyList<X509Certificate2> Path) Validate(
        X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, TrustAnchorSet anchors, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.Anchors);
        foreach (var certificate in intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(certificate);
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.Zero;

        bool built;
        try
        {
            built = chain.Build(leaf);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // OpenSSL gives up on some crafted certificates while verifying the path (found by fuzzing: "unable to
            // get certs public key" for an issuer whose key .NET decodes lazily and OpenSSL not at all).
            return (ChainVerdict.Invalid, "the certificate path cannot be checked: " + e.Message, []);
        }
        var path = chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var reachesAnchor = path.Count > 0 && path.Any(anchors.Contains);
        if (built && reachesAnchor)
        {
            return (ChainVerdict.Trusted, "the certificate chains to a configured trust anchor", path);
        }
        const X509ChainStatusFlags broken = X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.InvalidBasicConstraints
            | X509ChainStatusFlags.HasNotSupportedNameConstraint | X509ChainStatusFlags.HasNotPermittedNameConstraint
            | X509ChainStatusFlags.HasExcludedNameConstraint | X509ChainStatusFlags.InvalidNameConstraints
            | X509ChainStatusFlags.Cyclic | X509ChainStatusFlags.InvalidExtension | X509ChainStatusFlags.NotValidForUsage;
        if ((flags & broken) != 0)
        {
            return (ChainVerdict.Invalid, Describe(chain), path);
        }
        // A path that would reach an anchor but for the time is "outside validity"; one that reaches no anchor at
        // all is untrusted whatever the dates say.
        if (reachesAnchor && (flags & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) == 0)
        {
            return (ChainVerdict.OutsideValidity, Describe(chain), path);
        }
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 || !reachesAnchor)
        {
            return (ChainVerdict.Untrusted, anchors.Count == 0 ? "no trust anchors are configured" : "the certificate does not chain to a configured trust anchor", path);
        }
        return (ChainVerdict.Invalid, Describe(chain), path);
    }

    private static string Describe(X509Chain chain) =>
        string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
}
