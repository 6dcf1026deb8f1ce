using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;

namespace Provenance.Core.C2pa;

/// <summary>
/// What the manifest JSON says of a signer (<c>signature_info</c>), read from the first certificate of x5chain.
/// Loading a certificate costs about half a millisecond, more than the rest of a manifest's JSON; Sign describes the
/// manifest it has just written, whose signer is the service's own every time, so the summary of the last certificate
/// read is kept and reused when the next one is the same bytes.
/// </summary>
internal sealed record SignerSummary(string? CommonName, string? Organization, string? Issuer, string SerialNumber)
{
    // One entry: a reference, so that a reader on another thread sees either the old pair or the new one, whole.
    private static Remembered? s_last;

    /// <summary>The signer of <paramref name="message"/>; throws <see cref="CoseFormatException"/> as <see cref="CoseSign1Message.ReadSignerCertificate"/> does.</summary>
    public static SignerSummary Of(CoseSign1Message message)
    {
        var der = message.SignerCertificateBytes();
        if (s_last is { } last && der.Span.SequenceEqual(last.Der))
        {
            return last.Summary;
        }
        using var leaf = message.ReadSignerCertificate();
        var summary = new SignerSummary(
            leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            CertificateNames.Organization(leaf.SubjectName),
            CertificateNames.Organization(leaf.IssuerName) ?? leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true),
            leaf.SerialNumber);
        s_last = new Remembered(der.ToArray(), summary);
        return summary;
    }

    private sealed record Remembered(byte[] Der, SignerSummary Summary);
}
