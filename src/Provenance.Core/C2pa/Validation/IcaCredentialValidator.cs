using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The signature of a CAWG identity assertion whose <c>sig_type</c> is "cawg.identity_claims_aggregation": a
/// COSE_Sign1 (EdDSA, content type "application/vc") whose attached payload is a verifiable credential that an
/// identity claims aggregator issued for this signer payload (CAWG identity assertion, "Identity claims aggregation").
/// The checks and their status codes follow c2pa-rs's ICA signature verifier, in its order: a structure it cannot
/// read stops the checks, a failed check lets the rest run.
/// <para>
/// No aggregator is configured as trusted, so a credential whose signature verifies is reported with the
/// informational <c>cawg.ica.untrusted_issuer</c> (which does not change the manifest's state) and never as
/// <c>cawg.ica.credential_valid</c>.
/// </para>
/// </summary>
internal static class IcaCredentialValidator
{
    public const string SigType = "cawg.identity_claims_aggregation";

    private const string ContentType = "application/vc";
    private const long ContentTypeHeader = 3;

    /// <param name="now">The time the validity window is judged at.</param>
    /// <param name="timeStampAnchors">Used only to read the token; its authority is not required to be trusted.</param>
    public static void Validate(StatusLog log, string url, CborNode signerPayload, ReadOnlyMemory<byte> signature, DateTimeOffset now,
        TrustAnchorSet timeStampAnchors)
    {
        CoseSign1Message message;
        try
        {
            message = CoseSign1Message.Decode(signature);
        }
        catch (CoseFormatException e)
        {
            log.Failure(StatusCodes.CawgIcaInvalidCoseSign1, url, e.Message);
            return;
        }
        if (message.AlgorithmId != (long)CoseAlgorithm.Ed25519)
        {
            log.Failure(StatusCodes.CawgIcaInvalidAlgorithm, url,
                message.AlgorithmId is { } id ? $"COSE algorithm {id} is not EdDSA" : "the credential's signature names no algorithm");
            return;
        }
        var ok = true;
        if (message.ProtectedHeaders[ContentTypeHeader] is not { Kind: CborKind.TextString, Text: ContentType })
        {
            log.Failure(StatusCodes.CawgIcaInvalidContentType, url, $"the content type is not '{ContentType}'");
            ok = false;
        }
        if (message.Payload is not { } payload)
        {
            log.Failure(StatusCodes.CawgIcaInvalidCredential, url, "the COSE_Sign1 carries no credential");
            return;
        }
        if (IcaCredential.Parse(payload, out var problem) is not { } credential)
        {
            log.Failure(StatusCodes.CawgIcaInvalidCredential, url, problem);
            return;
        }

        var issuer = IcaIssuerKey.Resolve(credential.Issuer);
        if (issuer.PublicKey is not { } key)
        {
            log.Failure(issuer.FailureCode!, url, issuer.Problem);
            ok = false;
        }
        else if (!CoseSignatureVerifier.VerifyEd25519(key, SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, payload.Span),
            message.Signature.Span))
        {
            log.Failure(StatusCodes.CawgIcaSignatureMismatch, url, "the credential's signature does not verify with the issuer's key");
            ok = false;
        }
        else
        {
            log.Info(StatusCodes.CawgIcaUntrustedIssuer, url, $"the issuer '{credential.Issuer}' is not a configured identity claims aggregator");
            ok = false;
        }

        var signedAt = CheckTimeStamp(timeStampAnchors, log, url, message, payload.Span, ref ok);
        ok &= CheckValidity(log, url, credential, now, signedAt);
        if (!SameSignerPayload(credential, signerPayload))
        {
            log.Failure(StatusCodes.CawgIcaSignerPayloadMismatch, url, "the credential's c2paAsset is not this assertion's signer_payload");
            ok = false;
        }
        if (ok)
        {
            log.Success(StatusCodes.CawgIcaCredentialValid, url, "the identity claims aggregation credential is valid");
        }
    }

    /// <summary>
    /// The credential's time-stamp, if it has one: its time when the token is sound. The time-stamping authority is
    /// not judged against a trust list here (c2pa-rs checks these tokens with a pass-through trust policy).
    /// </summary>
    private static DateTimeOffset? CheckTimeStamp(TrustAnchorSet anchors, StatusLog log, string url, CoseSign1Message message,
        ReadOnlySpan<byte> payload, ref bool ok)
    {
        var header = CoseTimeStampHeader.Find(message, out var present);
        if (!present)
        {
            return null;
        }
        var result = header is null
            ? null
            : TimeStampVerifier.Verify(header.Token, isResponse: !header.IsV2, header.Imprint(message, payload), anchors);
        if (result is { Outcome: TimeStampOutcome.Trusted or TimeStampOutcome.Untrusted, Time: { } time })
        {
            log.Success(StatusCodes.CawgIcaTimeStampValidated, url, result.Explanation);
            return time;
        }
        log.Failure(StatusCodes.CawgIcaTimeStampInvalid, url, result?.Explanation ?? "the time-stamp header does not hold exactly one token");
        ok = false;
        return null;
    }

    /// <summary>validFrom is required and must not be later than now or the time-stamp; validUntil, when present, not earlier.</summary>
    private static bool CheckValidity(StatusLog log, string url, IcaCredential credential, DateTimeOffset now, DateTimeOffset? signedAt)
    {
        var ok = true;
        if (credential.ValidFrom is not { } validFrom)
        {
            log.Failure(StatusCodes.CawgIcaValidFromMissing, url, "the credential has no validFrom");
            ok = false;
        }
        else if (now < validFrom || signedAt < validFrom)
        {
            log.Failure(StatusCodes.CawgIcaValidFromInvalid, url, $"validFrom {validFrom:O} is after {(now < validFrom ? "now" : "the time-stamp")}");
            ok = false;
        }
        if (credential.ValidUntil is { } validUntil && (now > validUntil || signedAt > validUntil))
        {
            log.Failure(StatusCodes.CawgIcaValidUntilInvalid, url, $"validUntil {validUntil:O} is before {(now > validUntil ? "now" : "the time-stamp")}");
            ok = false;
        }
        return ok;
    }

    /// <summary>
    /// Whether the credential was issued for this signer payload: the same references (a reference that names no hash
    /// algorithm takes the credential's), the same sig_type and the same roles.
    /// </summary>
    private static bool SameSignerPayload(IcaCredential credential, CborNode signerPayload)
    {
        if (!signerPayload.TryGetArray("referenced_assertions", out var references) || references.Count != credential.ReferencedAssertions.Count
            || signerPayload.GetText("sig_type") != credential.SigType)
        {
            return false;
        }
        for (var i = 0; i < references.Count; i++)
        {
            var ours = HashedUri.From(references[i]);
            var theirs = credential.ReferencedAssertions[i];
            if (ours is null || ours.Url != theirs.Url || (ours.Algorithm ?? theirs.Algorithm) != theirs.Algorithm
                || ours.Hash is not { } hash || !hash.Span.SequenceEqual(theirs.Hash))
            {
                return false;
            }
        }
        var roles = signerPayload.TryGetArray("role", out var items) ? items.Select(r => r.Kind == CborKind.TextString ? r.Text : null).ToList() : [];
        return roles.SequenceEqual(credential.Roles);
    }
}
