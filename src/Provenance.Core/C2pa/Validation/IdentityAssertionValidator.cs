using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// CAWG identity assertions (<c>cawg.identity</c>). The signer payload must reference assertions the claim lists (with
/// the same hashes), including the hard binding, and the padding must be zeros. With X.509 credentials (<c>sig_type</c>
/// "cawg.x509.cose") the COSE signature (detached, over the encoded signer_payload) must verify and the credential is
/// checked against the identity trust anchors, which are separate from the claim signers' anchors; identity claims
/// aggregation credentials are checked by <see cref="IcaCredentialValidator"/>. Other credential types are reported
/// as unknown, not failed.
/// </summary>
internal static class IdentityAssertionValidator
{
    private const string X509SigType = "cawg.x509.cose";

    public static void Validate(ValidationContext context, ManifestReport report, Claim claim)
    {
        Dictionary<string, HashedUri>? claimed = null;
        foreach (var assertion in report.Assertions.Where(a => C2paLabels.BaseLabel(a.Label) == C2paLabels.CawgIdentity))
        {
            if (claimed is null)
            {
                claimed = new Dictionary<string, HashedUri>(StringComparer.Ordinal);
                foreach (var listed in claim.AllAssertions)
                {
                    claimed.TryAdd(ValidationContext.Absolute(report.Manifest.Label, listed.Url), listed);
                }
            }
            ValidateOne(context, report, claimed, assertion);
        }
    }

    private static void ValidateOne(ValidationContext context, ManifestReport report, IReadOnlyDictionary<string, HashedUri> claimed, DeclaredAssertion assertion)
    {
        var log = report.Log;
        var url = report.Manifest.AssertionUri(assertion.Label);
        if (assertion.Cbor is not { } node || node["signer_payload"] is not { IsMap: true } payload
            || !payload.TryGetArray("referenced_assertions", out var references) || payload.GetText("sig_type") is not { } sigType
            || !node.TryGetBytes("signature", out var signature))
        {
            log.Failure(StatusCodes.CawgIdentityMalformed, url, "the identity assertion lacks signer_payload, referenced_assertions, sig_type or signature");
            return;
        }
        var failed = false;
        if (!IsZeros(node, "pad1") || !IsZeros(node, "pad2"))
        {
            // Only zeros may fill the space an assertion reserved for its signature (CAWG identity assertion, "pad1").
            log.Failure(StatusCodes.CawgIdentityPadInvalid, url, "the identity assertion's padding holds bytes other than zero");
            failed = true;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hasHardBinding = false;
        foreach (var item in references)
        {
            var reference = HashedUri.From(item);
            var listed = reference is null ? null : claimed.GetValueOrDefault(ValidationContext.Absolute(report.Manifest.Label, reference.Url));
            if (reference is null || listed is null || listed.Hash is not { } claimedHash || reference.Hash is not { } hash || !claimedHash.Span.SequenceEqual(hash.Span))
            {
                log.Failure(StatusCodes.CawgIdentityAssertionMismatch, url, $"'{reference?.Url}' is not an assertion of the claim with that hash");
                failed = true;
                continue;
            }
            if (!seen.Add(reference.Url))
            {
                log.Failure(StatusCodes.CawgIdentityAssertionDuplicate, url, $"'{reference.Url}' is referenced twice");
                failed = true;
            }
            hasHardBinding |= C2paLabels.IsHardBinding(reference.Url[(reference.Url.LastIndexOf('/') + 1)..]);
        }
        if (!hasHardBinding)
        {
            log.Failure(StatusCodes.CawgIdentityHardBindingMissing, url, "the identity signer payload references no hard binding");
            failed = true;
        }
        if (sigType == IcaCredentialValidator.SigType)
        {
            IcaCredentialValidator.Validate(log, url, payload, signature, context.Now, context.TimeStampAnchors);
            return;
        }
        if (sigType != X509SigType)
        {
            log.Info(StatusCodes.CawgIdentitySigTypeUnknown, url, $"identity credential type '{sigType}' is not checked");
            return;
        }
        CoseSign1Message message;
        IReadOnlyList<X509Certificate2> chain;
        try
        {
            message = CoseSign1Message.Decode(signature);
            chain = message.ReadCertificateChain();
            context.Owned.AddRange(chain);
        }
        catch (CoseFormatException e)
        {
            log.Failure(StatusCodes.CawgX509SignatureMismatch, url, e.Message);
            return;
        }
        if (message.AlgorithmId is not { } id || CoseAlgorithms.FromId(id) is not { } algorithm)
        {
            log.Failure(StatusCodes.AlgorithmUnsupported, url, "the identity signature names no allowed algorithm");
            return;
        }
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, payload.Encoded.Span);
        if (CoseSignatureVerifier.Verify(algorithm, chain[0], toBeSigned, message.Signature.Span))
        {
            log.Success(StatusCodes.CawgX509SignatureValidated, url, $"{algorithm} identity signature verified");
        }
        else
        {
            log.Failure(StatusCodes.CawgX509SignatureMismatch, url, "the identity signature does not verify over the signer payload");
            failed = true;
        }
        if (!failed)
        {
            log.Success(StatusCodes.CawgIdentityWellFormed, url, "CAWG X.509 identity assertion is well-formed");
        }
        var (verdict, explanation, path) = CertificateChainValidator.Validate(chain[0], chain.Skip(1).ToList(), context.IdentityAnchors, report.TimeStampTrusted && report.TimeStamp is { } t ? t : context.Now);
        context.Owned.AddRange(path);
        switch (verdict)
        {
            case ChainVerdict.Trusted:
                log.Success(StatusCodes.CawgIdentityTrusted, url, explanation);
                break;
            case ChainVerdict.Untrusted:
                log.Failure(StatusCodes.CawgX509CredentialUntrusted, url, explanation);
                break;
            default:
                log.Failure(StatusCodes.CawgX509CredentialInvalid, url, explanation);
                break;
        }
    }

    private static bool IsZeros(CborNode assertion, string field) =>
        !assertion.TryGetBytes(field, out var bytes) || !bytes.Span.ContainsAnyExcept((byte)0);
}
