namespace ProvenanceService.Storage;

/// <summary>
/// A revoked credential as replicas share it through the store: once one replica learns of a revocation (from
/// its key set's files) every replica applies it. Revocations are final; the first one stored for a credential
/// is kept.
/// </summary>
/// <param name="Kind">What is revoked; see <see cref="RevocationKinds"/>.</param>
/// <param name="Key">Lower-case hex SHA-256: of the API key, or of the signing certificate's DER encoding.</param>
/// <param name="Subject">Who or what it was, for people: the client's name or the certificate's subject.</param>
internal sealed record StoredRevocation(string Kind, string Key, string Subject, DateTimeOffset At, string Reason);

/// <summary>The kinds of credential a <see cref="StoredRevocation"/> names.</summary>
internal static class RevocationKinds
{
    public const string GeneratorKey = "generator-key";
    public const string PlatformKey = "platform-key";
    public const string AuditorKey = "auditor-key";
    public const string SignerCertificate = "signer-certificate";
}
