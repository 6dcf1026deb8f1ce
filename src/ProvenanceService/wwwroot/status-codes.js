// What each C2PA validation status code means, in plain words, for the verification page (app.js). The codes are
// those of the C2PA specification's "Standard Status Codes" and the CAWG identity assertion codes that this
// service's validator reports (src/Provenance.Core/C2pa/Validation/StatusCodes.cs); a test checks that every code
// there has an entry here. The validator's own technical detail is shown beside it.
"use strict";

const STATUS_MEANINGS = Object.freeze({
  // Success
  "claimSignature.validated": "The manifest's digital signature is intact: nothing it covers was changed after signing.",
  "claimSignature.insideValidity": "The signer's certificate was valid at the time that counts (the time-stamp's time, or now).",
  "signingCredential.trusted": "The signer's certificate chains to a certificate authority this service trusts.",
  "timeStamp.validated": "A time-stamping authority's stamp on the signature is intact and matches it.",
  "timeStamp.trusted": "The time-stamping authority is trusted, so the time it attests can be relied on.",
  "assertion.hashedURI.match": "A statement in the manifest is exactly the one the signature covers.",
  "assertion.dataHash.match": "The file's content is exactly what was signed (its hash matches).",
  "assertion.bmffHash.match": "The video or audio content is exactly what was signed (its hash matches).",
  "ingredient.manifest.validated": "The manifest of an ingredient (an earlier version or a part) is the one that was recorded.",
  "ingredient.claimSignature.validated": "The signature of an ingredient's manifest is the one that was recorded.",
  // Informational
  "algorithm.deprecated": "The manifest uses a cryptographic algorithm that is still accepted but no longer recommended.",
  "assertion.dataHash.additionalExclusionsPresent": "The content hash leaves out more of the file than usual; those parts could change unnoticed.",
  "ingredient.unknownProvenance": "An ingredient has no manifest of its own, so where it came from is unknown.",
  "signingCredential.ocsp.skipped": "The signer's certificate was not checked online for revocation.",
  "timeStamp.malformed": "The time-stamp on the signature cannot be read; its time is not used.",
  "timeStamp.mismatch": "The time-stamp does not belong to this signature; its time is not used.",
  "timeStamp.outsideValidity": "The time-stamp's time lies outside the time-stamping authority's certificate validity; its time is not used.",
  "timeStamp.untrusted": "The time-stamp is intact, but its authority is not one this service trusts, so its time is not relied on.",
  "timeStamp.credentialInvalid": "The time-stamping authority's certificate is not valid; the time-stamp is not used.",
  // Failure
  "algorithm.unsupported": "The manifest uses a cryptographic algorithm that C2PA does not allow.",
  "assertion.action.ingredientMismatch": "An action names an ingredient that the manifest does not list.",
  "assertion.action.malformed": "The list of actions (how the file was made or edited) is not well formed.",
  "assertion.action.redacted": "The list of actions was removed, which is not allowed.",
  "assertion.action.softBindingMissing": "An action says a watermark was added, but the manifest does not describe it.",
  "assertion.action.redactionMismatch": "The manifest says statements were removed, but the record of removal does not match.",
  "assertion.notRedacted": "A statement the manifest says was removed is still there.",
  "assertion.cbor.invalid": "A statement in the manifest cannot be decoded (invalid CBOR).",
  "assertion.json.invalid": "A statement in the manifest cannot be decoded (invalid JSON).",
  "assertion.dataHash.malformed": "The record of the file's content hash is not well formed.",
  "assertion.dataHash.mismatch": "The file's content changed after signing: its hash no longer matches.",
  "assertion.hashedURI.mismatch": "A statement in the manifest was changed after signing.",
  "assertion.ingredient.malformed": "An ingredient's description is not well formed.",
  "assertion.missing": "A statement the signature covers is missing from the manifest.",
  "assertion.multipleHardBindings": "The manifest binds itself to the content in more than one way, which is not allowed.",
  "assertion.outsideManifest": "The signature covers a statement from outside this manifest, which is not allowed.",
  "assertion.selfRedacted": "The manifest claims to remove one of its own statements, which is not allowed.",
  "assertion.undeclared": "The manifest holds a statement the signature does not cover.",
  "assertion.boxesHash.mismatch": "Parts of the file changed after signing: their hash no longer matches.",
  "assertion.bmffHash.mismatch": "The video or audio content changed after signing: its hash no longer matches.",
  "assertion.bmffHash.malformed": "The record of the video or audio content hash is not well formed.",
  "claim.cbor.invalid": "The manifest's claim cannot be decoded (invalid CBOR).",
  "claim.hardBindings.missing": "The manifest does not tie itself to the file's content, so it could be copied onto any file.",
  "claim.malformed": "The manifest's claim is not well formed.",
  "claim.missing": "The manifest has no claim.",
  "claim.multiple": "The manifest has more than one claim, which is not allowed.",
  "claimSignature.missing": "The manifest is not signed.",
  "claimSignature.mismatch": "The manifest's signature does not verify: the manifest was changed or forged.",
  "claimSignature.outsideValidity": "The signer's certificate was not valid at the time of signing (expired or not yet valid).",
  "general.error": "The manifest could not be checked completely; the detail says why.",
  "hashedURI.missing": "Something the manifest refers to is missing.",
  "hashedURI.mismatch": "Something the manifest refers to was changed after signing.",
  "ingredient.claimSignature.missing": "The signature of an ingredient's manifest is missing.",
  "ingredient.claimSignature.mismatch": "The signature of an ingredient's manifest is not the one that was recorded.",
  "ingredient.manifest.missing": "An ingredient's manifest is not in the file.",
  "ingredient.manifest.mismatch": "An ingredient's manifest was changed after it was recorded.",
  "manifest.compressed.invalid": "A compressed manifest cannot be decompressed.",
  "manifest.inaccessible": "The manifest could not be read or fetched.",
  "manifest.multipleParents": "The manifest names more than one parent (the file it was edited from), which is not allowed.",
  "manifest.update.invalid": "An update manifest does something updates may not do.",
  "manifest.update.wrongParents": "An update manifest must name exactly one parent, and this one does not.",
  "signingCredential.invalid": "The signer's certificate is not valid for signing C2PA manifests.",
  "signingCredential.expired": "The signer's certificate has expired.",
  "signingCredential.ocsp.revoked": "The signer's certificate has been revoked by its certificate authority.",
  "signingCredential.untrusted": "The signer's certificate does not chain to a certificate authority this service trusts.",
  // CAWG identity assertion
  "cawg.identity.well-formed": "The identity statement (who vouches for the content) is well formed.",
  "cawg.x509.signature.validated": "The identity statement's signature verifies.",
  "cawg.x509.signature.mismatch": "The identity statement's signature does not verify.",
  "cawg.x509.credential.untrusted": "The identity statement's certificate does not chain to an authority this service trusts.",
  "cawg.x509.credential.invalid": "The identity statement's certificate is not valid.",
  "cawg.identity.malformed": "The identity statement is not well formed.",
  "cawg.identity.assertion.mismatch": "The identity statement refers to statements that do not match the manifest.",
  "cawg.identity.hard_binding_missing": "The identity statement does not cover the binding to the file's content.",
  "cawg.identity.assertion.duplicate": "The identity statement refers to the same statement more than once.",
  "cawg.identity.sig_type.unknown": "The identity statement uses a kind of signature this service does not know.",
  "cawg.identity.trusted": "The identity statement's signer is trusted.",
});

/** The plain-language meaning of a status code; codes this page does not know are shown as such. */
function statusMeaning(code) {
  return Object.prototype.hasOwnProperty.call(STATUS_MEANINGS, code)
    ? STATUS_MEANINGS[code]
    : "A status code this page has no explanation for; the detail says what the validator found.";
}
