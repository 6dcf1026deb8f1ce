using System.Text.Json;

namespace Provenance.Core.Credentials;

/// <summary>
/// The operator's revocation list (revocations.json): signing certificates that must no longer be trusted, by
/// the SHA-256 of their DER encoding. Files signed with one verify as untrusted, with the reason given here.
/// Generator API keys are revoked in the API key file instead, beside the identity they belong to.
/// </summary>
public sealed record RevocationDocument
{
    public IReadOnlyList<SignerRevocation> Signers { get; init; } = [];

    public static RevocationDocument Empty { get; } = new();

    public static RevocationDocument Parse(string json) =>
        JsonSerializer.Deserialize<RevocationDocument>(json, ClientRegistryDocument.JsonOptions)
        ?? throw new JsonException("The revocation file is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, ClientRegistryDocument.JsonOptions) + "\n";

    /// <summary>Why a certificate is revoked, as verifiers show it; null when it is not.</summary>
    public string? ReasonFor(string? certificateSha256) => Find(certificateSha256) is { } revoked
        ? $"the signing certificate {revoked.Subject} was revoked on {revoked.At:yyyy-MM-dd}: {revoked.Reason}"
        : null;

    /// <summary>The SHA-256 of every revoked certificate, as the C2PA validator's revocation set.</summary>
    public IReadOnlySet<string> Thumbprints() => Signers.Select(s => s.CertificateSha256).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The revocation of a certificate by its SHA-256 (hex, any case), or null.</summary>
    public SignerRevocation? Find(string? certificateSha256) => certificateSha256 is null
        ? null
        : Signers.FirstOrDefault(s => string.Equals(s.CertificateSha256, certificateSha256, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A revoked signing certificate.</summary>
/// <param name="Subject">The certificate's subject, for people reading the file.</param>
public sealed record SignerRevocation(string CertificateSha256, string Subject, DateTimeOffset At, string Reason);
