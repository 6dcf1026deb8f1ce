namespace Provenance.Core.C2pa.Validation;

/// <summary>What a failure code says about the file, for the verdict (see <see cref="Classify"/>).</summary>
internal enum FailureClass
{
    /// <summary>A hash, a hashed URI, the claim signature or the hard binding no longer matches: the signed bytes were altered.</summary>
    Integrity,

    /// <summary>Only who signed is in question: the signer is not trusted, expired, revoked or has an unusable certificate.</summary>
    Credential,

    /// <summary>
    /// The manifest breaks a rule of the spec (a missing or extra part, a malformed assertion, an unsupported
    /// algorithm) while nothing shows that signed bytes changed.
    /// </summary>
    Conformance,
}

/// <summary>
/// Sorts the validation chapter's failure codes by what they prove. Only <see cref="FailureClass.Integrity"/>
/// codes make a file "tampered": platforms act on that word, so a credential problem or a conformance slip (which
/// may be ours to misjudge) must never turn into it, whatever other codes come along.
/// </summary>
internal static class FailureClasses
{
    private static readonly HashSet<string> Integrity = new(StringComparer.Ordinal)
    {
        StatusCodes.AssertionDataHashMismatch,
        StatusCodes.AssertionBoxesHashMismatch,
        StatusCodes.AssertionBmffHashMismatch,
        StatusCodes.AssertionHashedUriMismatch,
        // The claim lists an assertion the store no longer holds: a signed part was removed.
        StatusCodes.AssertionMissing,
        StatusCodes.HashedUriMismatch,
        StatusCodes.ClaimSignatureMismatch,
        StatusCodes.IngredientManifestMismatch,
        StatusCodes.IngredientClaimSignatureMismatch,
        StatusCodes.CawgX509SignatureMismatch,
    };

    private static readonly HashSet<string> Credential = new(StringComparer.Ordinal)
    {
        StatusCodes.SigningCredentialUntrusted,
        StatusCodes.SigningCredentialExpired,
        StatusCodes.SigningCredentialOcspRevoked,
        StatusCodes.SigningCredentialInvalid,
        StatusCodes.ClaimSignatureOutsideValidity,
        StatusCodes.CawgX509CredentialUntrusted,
        StatusCodes.CawgX509CredentialInvalid,
    };

    /// <summary>The class of <paramref name="code"/>; codes this table does not name are conformance failures.</summary>
    public static FailureClass Classify(string code) =>
        Integrity.Contains(code) ? FailureClass.Integrity
        : Credential.Contains(code) || code.StartsWith("signingCredential.", StringComparison.Ordinal) ? FailureClass.Credential
        : FailureClass.Conformance;

    /// <summary>True when any of <paramref name="codes"/> shows that signed bytes were altered.</summary>
    public static bool AnyIntegrity(IEnumerable<string> codes) => codes.Any(c => Classify(c) == FailureClass.Integrity);

    /// <summary>True when every one of <paramref name="codes"/> concerns only the signer's credential.</summary>
    public static bool OnlyCredential(IEnumerable<string> codes) => codes.All(c => Classify(c) == FailureClass.Credential);
}
