using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>
/// Checks an RFC 3161 time-stamp over a claim signature: the DER TimeStampToken of a <c>sigTst2</c> header, or the
/// TimeStampResp of a deprecated <c>sigTst</c> header. The message imprint must be a hash of
/// <paramref name="imprintData"/> (the CounterSignature "ToBeSigned" bytes the caller builds).
/// </summary>
internal static class TimeStampVerifier
{
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    private const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

    public static TimeStampResult Verify(ReadOnlyMemory<byte> value, bool isResponse, ReadOnlySpan<byte> imprintData, TrustAnchorSet tsaAnchors)
    {
        var tokenBytes = value;
        if (isResponse)
        {
            if (ReadTokenFromResponse(value, out tokenBytes) is { } problem)
            {
                return new(TimeStampOutcome.Malformed, null, problem);
            }
        }
        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out var consumed) || consumed != tokenBytes.Length)
        {
            return new(TimeStampOutcome.Malformed, null, "the time-stamp token is not a well-formed RFC 3161 token");
        }
        var info = token.TokenInfo;
        var time = info.Timestamp;
        HashAlgorithmName hashAlgorithm;
        switch (info.HashAlgorithmId.Value)
        {
            case Sha256Oid: hashAlgorithm = HashAlgorithmName.SHA256; break;
            case Sha384Oid: hashAlgorithm = HashAlgorithmName.SHA384; break;
            case Sha512Oid: hashAlgorithm = HashAlgorithmName.SHA512; break;
            default: return new(TimeStampOutcome.Untrusted, null, $"the time-stamp imprint uses hash {info.HashAlgorithmId.Value}, which C2PA does not allow");
        }
        var expected = CryptographicOperations.HashData(hashAlgorithm, imprintData);
        if (!info.GetMessageHash().Span.SequenceEqual(expected))
        {
            return new(TimeStampOutcome.Mismatch, time, "the time-stamp's message imprint does not match the claim signature");
        }
        X509Certificate2? tsaCertificate;
        bool signatureValid;
        try
        {
            signatureValid = token.VerifySignatureForHash(expected, hashAlgorithm, out tsaCertificate, extraCandidates: null);
        }
        catch (CryptographicException e)
        {
            return new(TimeStampOutcome.Mismatch, time, "the time-stamp signature could not be verified: " + e.Message);
        }
        if (!signatureValid || tsaCertificate is null)
        {
            return new(TimeStampOutcome.Mismatch, time, "the time-stamp authority's signature does not verify");
        }
        using (tsaCertificate)
        {
            // Named only once its signature verified: a name from an unverified token would be the forger's word.
            var authority = CertificateNames.Organization(tsaCertificate.SubjectName) ?? tsaCertificate.GetNameInfo(X509NameType.SimpleName, false);
            if (time < tsaCertificate.NotBefore.ToUniversalTime() || time > tsaCertificate.NotAfter.ToUniversalTime())
            {
                return new(TimeStampOutcome.OutsideValidity, time, $"the attested time {time:O} is outside the validity of '{tsaCertificate.Subject}'", authority);
            }
            var intermediates = token.AsSignedCms().Certificates.Cast<X509Certificate2>().ToList();
            var (verdict, explanation, path) = CertificateChainValidator.Validate(tsaCertificate, intermediates, tsaAnchors, time);
            foreach (var certificate in intermediates.Concat(path))
            {
                certificate.Dispose();
            }
            var hasTimeStampingEku = tsaCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
                .Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == C2paOids.TimeStamping));
            if (verdict != ChainVerdict.Trusted || !hasTimeStampingEku)
            {
                var why = hasTimeStampingEku ? explanation : "the TSA certificate lacks the timeStamping EKU";
                return new(TimeStampOutcome.Untrusted, time, $"time-stamp by '{tsaCertificate.GetNameInfo(X509NameType.SimpleName, false)}' is not trusted: {why}", authority);
            }
            return new(TimeStampOutcome.Trusted, time, $"time-stamp by '{tsaCertificate.GetNameInfo(X509NameType.SimpleName, false)}' at {time:O}", authority);
        }
    }

    /// <summary>Extracts the token from a TimeStampResp; returns a reason when the response is malformed or not granted.</summary>
    private static string? ReadTokenFromResponse(ReadOnlyMemory<byte> response, out ReadOnlyMemory<byte> token)
    {
        token = default;
        try
        {
            var reader = new AsnReader(response, AsnEncodingRules.BER);
            var sequence = reader.ReadSequence();
            var statusInfo = sequence.ReadSequence();
            if (!statusInfo.TryReadInt32(out var status))
            {
                return "the time-stamp response status is not a small integer";
            }
            if (status is not 0 and not 1)
            {
                return $"the time-stamp response has status {status} (not granted)";
            }
            if (!sequence.HasData)
            {
                return "the time-stamp response carries no token";
            }
            token = sequence.ReadEncodedValue();
            return null;
        }
        catch (AsnContentException e)
        {
            return "the time-stamp response is not well-formed DER: " + e.Message;
        }
    }
}
