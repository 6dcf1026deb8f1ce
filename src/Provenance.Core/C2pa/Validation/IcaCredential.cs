using System.Globalization;
using System.Text.Json;

namespace Provenance.Core.C2pa.Validation;

/// <summary>One assertion reference of a signer payload: URL, hash algorithm (when named) and hash.</summary>
internal sealed record SignerPayloadReference(string Url, string? Algorithm, byte[] Hash);

/// <summary>
/// The parts of a CAWG identity claims aggregation credential (a W3C VC 2.0 in JSON, the payload of the identity
/// assertion's COSE_Sign1) that validation looks at: its issuer (a DID), its validity window, and the signer payload
/// it was issued for (<c>credentialSubject.c2paAsset</c>). <see cref="Parse"/> requires the shape c2pa-rs requires to
/// read the credential at all (CAWG identity assertion 1.1, "Identity claims aggregation"): a non-empty <c>@context</c>
/// and <c>type</c>, an issuer, and a subject with at least one well-formed verified identity.
/// </summary>
internal sealed record IcaCredential(string Issuer, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil,
    IReadOnlyList<SignerPayloadReference> ReferencedAssertions, string SigType, IReadOnlyList<string> Roles)
{
    /// <summary>The credential in <paramref name="json"/>, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static IcaCredential? Parse(ReadOnlyMemory<byte> json, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, out problem);
        }
        catch (JsonException e)
        {
            problem = "the credential is not JSON: " + e.Message;
            return null;
        }
    }

    private static IcaCredential? Read(JsonElement root, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "the credential is not a JSON object";
            return null;
        }
        if (!IsNonEmptyStringArray(root, "@context") || !IsNonEmptyStringArray(root, "type"))
        {
            problem = "@context and type must be non-empty arrays of strings";
            return null;
        }
        if (root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.String)
        {
            problem = "id is not a string";
            return null;
        }
        if (!root.TryGetProperty("issuer", out var issuer) || issuer.ValueKind != JsonValueKind.String)
        {
            problem = "the credential has no issuer";
            return null;
        }
        if (!TryDate(root, "validFrom", out var validFrom) || !TryDate(root, "validUntil", out var validUntil))
        {
            problem = "validFrom or validUntil is not an RFC 3339 date-time";
            return null;
        }
        if (!root.TryGetProperty("credentialSubject", out var subjects))
        {
            problem = "the credential has no credentialSubject";
            return null;
        }
        // One subject or a non-empty array of them; the first is the one validated.
        var subject = subjects.ValueKind == JsonValueKind.Array && subjects.GetArrayLength() > 0 ? subjects[0] : subjects;
        if (subject.ValueKind != JsonValueKind.Object || !HasVerifiedIdentities(subject))
        {
            problem = "credentialSubject has no well-formed verifiedIdentities";
            return null;
        }
        if (!subject.TryGetProperty("c2paAsset", out var asset) || ReadSignerPayload(asset) is not { } payload)
        {
            problem = "credentialSubject.c2paAsset is not a signer payload";
            return null;
        }
        return new IcaCredential(issuer.GetString()!, validFrom, validUntil, payload.References, payload.SigType, payload.Roles);
    }

    private static (List<SignerPayloadReference> References, string SigType, List<string> Roles)? ReadSignerPayload(JsonElement asset)
    {
        if (asset.ValueKind != JsonValueKind.Object
            || !asset.TryGetProperty("referenced_assertions", out var references) || references.ValueKind != JsonValueKind.Array
            || !asset.TryGetProperty("sig_type", out var sigType) || sigType.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var list = new List<SignerPayloadReference>();
        foreach (var reference in references.EnumerateArray())
        {
            if (reference.ValueKind != JsonValueKind.Object
                || !reference.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
                || !reference.TryGetProperty("hash", out var hash) || HashText(hash) is not { } hashText)
            {
                return null;
            }
            string? algorithm = null;
            if (reference.TryGetProperty("alg", out var alg) && alg.ValueKind != JsonValueKind.Null)
            {
                if (alg.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                algorithm = alg.GetString();
            }
            // The hash is base64 text; text that is not base64 compares unequal, as in c2pa-rs.
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(hashText);
            }
            catch (FormatException)
            {
                bytes = "invalid base64"u8.ToArray();
            }
            list.Add(new SignerPayloadReference(url.GetString()!, algorithm, bytes));
        }
        var roles = new List<string>();
        if (asset.TryGetProperty("role", out var role))
        {
            if (role.ValueKind != JsonValueKind.Array || role.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                return null;
            }
            roles.AddRange(role.EnumerateArray().Select(r => r.GetString()!));
        }
        return (list, sigType.GetString()!, roles);
    }

    /// <summary>
    /// The base64 text of a reference's hash. c2pa-rs writes it as an array of the text's bytes (serde_bytes) and reads a
    /// string too; anything else is not a hash.
    /// </summary>
    private static string? HashText(JsonElement hash)
    {
        if (hash.ValueKind == JsonValueKind.String)
        {
            return hash.GetString();
        }
        if (hash.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var bytes = new byte[hash.GetArrayLength()];
        var i = 0;
        foreach (var item in hash.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetByte(out bytes[i++]))
            {
                return null;
            }
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static bool HasVerifiedIdentities(JsonElement subject)
    {
        if (!subject.TryGetProperty("verifiedIdentities", out var identities) || identities.ValueKind != JsonValueKind.Array
            || identities.GetArrayLength() == 0)
        {
            return false;
        }
        foreach (var identity in identities.EnumerateArray())
        {
            if (identity.ValueKind != JsonValueKind.Object || !IsNonEmptyString(identity, "type")
                || !identity.TryGetProperty("verifiedAt", out var verifiedAt) || ParseDate(verifiedAt) is null
                || !identity.TryGetProperty("provider", out var provider) || provider.ValueKind != JsonValueKind.Object
                || !provider.TryGetProperty("id", out var providerId) || providerId.ValueKind != JsonValueKind.String
                || !IsNonEmptyString(provider, "name"))
            {
                return false;
            }
            foreach (var optional in (ReadOnlySpan<string>)["name", "username", "address"])
            {
                if (identity.TryGetProperty(optional, out _) && !IsNonEmptyString(identity, optional))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool IsNonEmptyString(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static bool IsNonEmptyStringArray(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
        && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String);

    /// <summary>An optional date: absent or null gives null; anything else must be an RFC 3339 date-time.</summary>
    private static bool TryDate(JsonElement owner, string name, out DateTimeOffset? date)
    {
        date = null;
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        date = ParseDate(value);
        return date is not null;
    }

    private static readonly string[] Rfc3339Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static DateTimeOffset? ParseDate(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParseExact(value.GetString(), Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
