namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// Validation status codes, as spelled in the C2PA specification ("Standard Status Codes"), plus the CAWG identity
/// assertion codes that c2pa-rs reports. Grouped by the list they belong to.
/// </summary>
public static class StatusCodes
{
    // Success
    public const string ClaimSignatureValidated = "claimSignature.validated";
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    public const string TimeStampValidated = "timeStamp.validated";
    public const string TimeStampTrusted = "timeStamp.trusted";
    public const string AssertionHashedUriMatch = "assertion.hashedURI.match";
    public const string AssertionDataHashMatch = "assertion.dataHash.match";
    public const string AssertionBmffHashMatch = "assertion.bmffHash.match";
    public const string IngredientManifestValidated = "ingredient.manifest.validated";
    public const string IngredientClaimSignatureValidated = "ingredient.claimSignature.validated";

    // Informational
    public const string AlgorithmDeprecated = "algorithm.deprecated";
    public const string DataHashAdditionalExclusionsPresent = "assertion.dataHash.additionalExclusionsPresent";
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";
    public const string SigningCredentialOcspSkipped = "signingCredential.ocsp.skipped";
    public const string TimeStampMalformed = "timeStamp.malformed";
    public const string TimeStampMismatch = "timeStamp.mismatch";
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    public const string TimeStampCredentialInvalid = "timeStamp.credentialInvalid";

    // Failure
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    public const string ActionIngredientMismatch = "assertion.action.ingredientMismatch";
    public const string ActionMalformed = "assertion.action.malformed";
    public const string ActionRedacted = "assertion.action.redacted";
    public const string ActionSoftBindingMissing = "assertion.action.softBindingMissing";
    public const string ActionRedactionMismatch = "assertion.action.redactionMismatch";
    public const string AssertionNotRedacted = "assertion.notRedacted";
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    public const string AssertionJsonInvalid = "assertion.json.invalid";
    public const string AssertionDataHashMalformed = "assertion.dataHash.malformed";
    public const string AssertionDataHashMismatch = "assertion.dataHash.mismatch";
    public const string AssertionHashedUriMismatch = "assertion.hashedURI.mismatch";
    public const string AssertionIngredientMalformed = "assertion.ingredient.malformed";
    public const string AssertionMissing = "assertion.missing";
    public const string AssertionMultipleHardBindings = "assertion.multipleHardBindings";
    public const string AssertionOutsideManifest = "assertion.outsideManifest";
    public const string AssertionSelfRedacted = "assertion.selfRedacted";
    public const string AssertionUndeclared = "assertion.undeclared";
    public const string AssertionBoxesHashMismatch = "assertion.boxesHash.mismatch";
    public const string AssertionBmffHashMismatch = "assertion.bmffHash.mismatch";
    public const string AssertionBmffHashMalformed = "assertion.bmffHash.malformed";
    public const string ClaimCborInvalid = "claim.cbor.invalid";
    public const string ClaimHardBindingsMissing = "claim.hardBindings.missing";
    public const string ClaimMalformed = "claim.malformed";
    public const string ClaimMissing = "claim.missing";
    public const string ClaimMultiple = "claim.multiple";
    public const string ClaimSignatureMissing = "claimSignature.missing";
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    public const string GeneralError = "general.error";
    public const string HashedUriMissing = "hashedURI.missing";
    public const string HashedUriMismatch = "hashedURI.mismatch";
    public const string IngredientClaimSignatureMissing = "ingredient.claimSignature.missing";
    public const string IngredientClaimSignatureMismatch = "ingredient.claimSignature.mismatch";
    public const string IngredientManifestMissing = "ingredient.manifest.missing";
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";
    public const string ManifestCompressedInvalid = "manifest.compressed.invalid";
    public const string ManifestInaccessible = "manifest.inaccessible";
    public const string ManifestMultipleParents = "manifest.multipleParents";
    public const string ManifestUpdateInvalid = "manifest.update.invalid";
    public const string ManifestUpdateWrongParents = "manifest.update.wrongParents";
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    public const string SigningCredentialExpired = "signingCredential.expired";
    public const string SigningCredentialOcspRevoked = "signingCredential.ocsp.revoked";
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";

    // CAWG identity assertion (X.509 credentials), as c2pa-rs reports them.
    public const string CawgIdentityWellFormed = "cawg.identity.well-formed";
    public const string CawgX509SignatureValidated = "cawg.x509.signature.validated";
    public const string CawgX509SignatureMismatch = "cawg.x509.signature.mismatch";
    public const string CawgX509CredentialUntrusted = "cawg.x509.credential.untrusted";
    public const string CawgX509CredentialInvalid = "cawg.x509.credential.invalid";
    public const string CawgIdentityMalformed = "cawg.identity.malformed";
    public const string CawgIdentityAssertionMismatch = "cawg.identity.assertion.mismatch";
    public const string CawgIdentityHardBindingMissing = "cawg.identity.hard_binding_missing";
    public const string CawgIdentityAssertionDuplicate = "cawg.identity.assertion.duplicate";
    public const string CawgIdentitySigTypeUnknown = "cawg.identity.sig_type.unknown";
    public const string CawgIdentityTrusted = "cawg.identity.trusted";
    public const string CawgIdentityPadInvalid = "cawg.identity.pad.invalid";

    // CAWG identity claims aggregation (ICA) credentials, as c2pa-rs reports them.
    public const string CawgIcaInvalidCoseSign1 = "cawg.ica.invalid_cose_sign1";
    public const string CawgIcaInvalidAlgorithm = "cawg.ica.invalid_alg";
    public const string CawgIcaInvalidContentType = "cawg.ica.invalid_content_type";
    public const string CawgIcaInvalidCredential = "cawg.ica.invalid_verifiable_credential";
    public const string CawgIcaInvalidIssuer = "cawg.ica.invalid_issuer";
    public const string CawgIcaDidUnavailable = "cawg.ica.did_unavailable";
    public const string CawgIcaInvalidDidDocument = "cawg.ica.invalid_did_document";
    public const string CawgIcaSignatureMismatch = "cawg.ica.signature_mismatch";
    public const string CawgIcaUntrustedIssuer = "cawg.ica.untrusted_issuer";
    public const string CawgIcaTimeStampValidated = "cawg.ica.time_stamp.validated";
    public const string CawgIcaTimeStampInvalid = "cawg.ica.time_stamp.invalid";
    public const string CawgIcaValidFromMissing = "cawg.ica.valid_from.missing";
    public const string CawgIcaValidFromInvalid = "cawg.ica.valid_from.invalid";
    public const string CawgIcaValidUntilInvalid = "cawg.ica.valid_until.invalid";
    public const string CawgIcaSignerPayloadMismatch = "cawg.ica.signer_payload.mismatch";
    public const string CawgIcaCredentialValid = "cawg.ica.credential_valid";
}
