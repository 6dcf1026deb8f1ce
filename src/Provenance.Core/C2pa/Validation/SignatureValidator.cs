using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The claim signature steps (spec 15.7 to 15.9): locate the signature, read the COSE structure, check the time-stamp,
/// the certificate profile, the validity period, the trust chain, the operator's revocation list, and finally the
/// signature over the claim bytes.
/// </summary>
internal static class SignatureValidator
{
    public static void Validate(ValidationContext context, ManifestReport report, Claim claim)
    {
        var log = report.Log;
        var url = report.SignatureUri;
        var resolved = JumbfUri.Resolve(context.Store, report.Manifest, claim.SignatureUrl);
        if (resolved is null || !ReferenceEquals(resolved.Manifest, report.Manifest) || resolved.Box.TypeCode != JumbfTypeIds.ClaimSignature)
        {
            log.Failure(StatusCodes.ClaimSignatureMissing, url, $"the claim's signature reference '{claim.SignatureUrl}' does not resolve to a signature box in this manifest");
            return;
        }
        var content = resolved.Box.Children.FirstOrDefault(c => c.Type == BoxType.Cbor);
        if (content is null)
        {
            log.Failure(StatusCodes.ClaimSignatureMissing, url, "the signature box holds no CBOR content");
            return;
        }
        CoseSign1Message message;
        try
        {
            message = CoseSign1Message.Decode(content.Payload);
        }
        catch (CoseFormatException e)
        {
            log.Failure(StatusCodes.ClaimSignatureMismatch, url, e.Message);
            return;
        }
        if (message.AlgorithmId is not { } algorithmId || CoseAlgorithms.FromId(algorithmId) is not { } algorithm)
        {
            log.Failure(StatusCodes.AlgorithmUnsupported, url, message.AlgorithmId is { } id
                ? $"COSE algorithm {id} is not allowed by C2PA"
                : "the protected header names no signature algorithm");
            return;
        }
        report.SignatureAlgorithm = algorithm.ToString();
        IReadOnlyList<X509Certificate2> chain;
        try
        {
            chain = message.ReadCertificateChain();
        }
        catch (CoseFormatException e)
        {
            log.Failure(StatusCodes.SigningCredentialInvalid, url, e.Message);
            return;
        }
        context.Owned.AddRange(chain);
        var leaf = chain[0];
        report.Signer = leaf;

        var validationTime = CheckTimeStamp(context, report, message, claim) ?? context.Now;

        if (CertificateProfile.CheckSigner(leaf, context.ClaimSigningEkus) is { } profileProblem)
        {
            log.Failure(StatusCodes.SigningCredentialInvalid, url, profileProblem);
        }
        foreach (var authority in chain.Skip(1))
        {
            if (CertificateProfile.CheckAuthority(authority) is { } problem)
            {
                log.Failure(StatusCodes.SigningCredentialInvalid, url, problem);
            }
        }
        if (CoseSignatureVerifier.KeyMismatch(algorithm, leaf) is { } keyProblem)
        {
            log.Failure(StatusCodes.SigningCredentialInvalid, url, keyProblem);
        }
        // The spec names this claimSignature.outsideValidity; both c2pa-rs builds report signingCredential.expired
        // for it, and so do we, so that verdicts agree across validators (tests/.../ReferenceValidatorInteropTests).
        if (chain.FirstOrDefault(c => validationTime < c.NotBefore.ToUniversalTime() || validationTime > c.NotAfter.ToUniversalTime()) is { } outside)
        {
            log.Failure(StatusCodes.SigningCredentialExpired, url,
                $"'{outside.Subject}' is valid from {outside.NotBefore.ToUniversalTime():O} to {outside.NotAfter.ToUniversalTime():O}, not at {validationTime:O}");
        }
        else
        {
            log.Success(StatusCodes.ClaimSignatureInsideValidity, url, $"the signing credential is valid at {validationTime:O}");
        }

        var (verdict, explanation) = context.ChainCache.Validate(leaf, chain.Skip(1).ToList(), context.Anchors, validationTime);
        switch (verdict)
        {
            case ChainVerdict.Trusted:
                log.Success(StatusCodes.SigningCredentialTrusted, url, explanation);
                break;
            case ChainVerdict.Untrusted:
                log.Failure(StatusCodes.SigningCredentialUntrusted, url, explanation);
                break;
            case ChainVerdict.OutsideValidity:
                // Already reported as an expired credential above; the path itself reaches an anchor.
                break;
            default:
                log.Failure(StatusCodes.SigningCredentialInvalid, url, explanation);
                break;
        }

        if (context.RevokedSignerThumbprints is { Count: > 0 } revoked)
        {
            var thumbprint = TrustAnchorSet.Sha256Thumbprint(leaf);
            if (revoked.Contains(thumbprint) || revoked.Contains(thumbprint.ToLowerInvariant()))
            {
                log.Failure(StatusCodes.SigningCredentialOcspRevoked, url, "the signing certificate is on the operator's revocation list");
            }
        }

        // An attached payload must be the claim itself; C2PA signers detach it.
        if (message.Payload is { } attached && !attached.Span.SequenceEqual(claim.Bytes.Span))
        {
            log.Failure(StatusCodes.ClaimSignatureMismatch, url, "the signature carries a payload other than the claim");
            return;
        }
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, claim.Bytes.Span);
        if (CoseSignatureVerifier.Verify(algorithm, leaf, toBeSigned, message.Signature.Span))
        {
            log.Success(StatusCodes.ClaimSignatureValidated, url, $"{algorithm} signature over the claim verified");
        }
        else
        {
            log.Failure(StatusCodes.ClaimSignatureMismatch, url, $"the {algorithm} signature does not verify over the claim");
        }
    }

    /// <summary>Checks a sigTst2 (or older sigTst) header; returns the attested time when the time-stamp is trusted.</summary>
    private static DateTimeOffset? CheckTimeStamp(ValidationContext context, ManifestReport report, CoseSign1Message message, Claim claim)
    {
        var log = report.Log;
        var url = report.SignatureUri;
        if (CoseTimeStampHeader.Find(message, out var present) is not { } header)
        {
            if (present)
            {
                log.Info(StatusCodes.TimeStampMalformed, url, "the time-stamp header does not hold exactly one token");
            }
            return null;
        }
        var imprint = header.Imprint(message, claim.Bytes.Span);
        var result = TimeStampVerifier.Verify(header.Token, isResponse: !header.IsV2, imprint, context.TimeStampAnchors);
        switch (result.Outcome)
        {
            case TimeStampOutcome.Trusted:
                log.Success(StatusCodes.TimeStampValidated, url, result.Explanation);
                log.Success(StatusCodes.TimeStampTrusted, url, result.Explanation);
                report.TimeStamp = result.Time;
                report.TimeStampTrusted = true;
                report.TimeStampAuthority = result.Authority;
                return result.Time;
            case TimeStampOutcome.Untrusted when claim.Version == 1 && result.Time is { } legacyTime:
                // C2PA 1.x had no trust list for time-stamping authorities, so c2pa-rs does not consult one for a
                // claim v1: Claim::verify_claim turns verify_timestamp_trust off for it (claim.rs, "timestamp grace
                // for legacy manifests", c2pa-rs #1502), and verify_time_stamp (crypto/time_stamp/verify.rs) then
                // logs timeStamp.trusted ("legacy timestamp cert trusted") for a token whose imprint, signature
                // and TSA validity check out, and the signer's certificate is judged at its genTime. c2pa-rs
                // 0.91.3 (c2pa-wasm) reports so; 0.82.1 (c2pa-node) still judged such a signer at today's date.
                log.Success(StatusCodes.TimeStampValidated, url, "time-stamp message imprint and signature verified");
                log.Success(StatusCodes.TimeStampTrusted, url, "claim v1: the TSA is not checked against a trust list (C2PA 1.x had none); " + result.Explanation);
                report.TimeStamp = legacyTime;
                report.TimeStampTrusted = true;
                report.TimeStampAuthority = result.Authority;
                return legacyTime;
            case TimeStampOutcome.Untrusted:
                // The token is sound but its TSA is not on the list: report it, do not rely on its time.
                log.Success(StatusCodes.TimeStampValidated, url, "time-stamp message imprint and signature verified");
                log.Info(StatusCodes.TimeStampUntrusted, url, result.Explanation);
                report.TimeStamp = result.Time;
                report.TimeStampAuthority = result.Authority;
                return null;
            case TimeStampOutcome.Mismatch:
                log.Info(StatusCodes.TimeStampMismatch, url, result.Explanation);
                return null;
            case TimeStampOutcome.OutsideValidity:
                log.Info(StatusCodes.TimeStampOutsideValidity, url, result.Explanation);
                return null;
            default:
                log.Info(StatusCodes.TimeStampMalformed, url, result.Explanation);
                return null;
        }
    }
}
