using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The Ed25519 key that signed an identity claims aggregation credential, from its issuer DID. <c>did:jwk</c> carries
/// the key in the DID itself and is resolved here. <c>did:web</c> names a document on a web server; this validator
/// makes no network requests (a verification must not depend on, or reveal itself to, a server the file names), so
/// such an issuer is reported unavailable, which is what c2pa-rs reports when it cannot fetch the document. Any other
/// method, or a string that is not a DID, is an invalid issuer.
/// </summary>
internal static partial class IcaIssuerKey
{
    /// <summary>How resolving the issuer went: the key, or the status code and why not.</summary>
    public sealed record Resolution(byte[]? PublicKey, string? FailureCode, string? Problem);

    // The prefix c2pa-rs accepts as a DID: the method is lower-case letters and digits.
    [GeneratedRegex("^did:[a-z0-9]+:[A-Za-z0-9/.%#?_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex DidPrefix();

    public static Resolution Resolve(string issuer)
    {
        if (!DidPrefix().IsMatch(issuer))
        {
            return new(null, StatusCodes.CawgIcaInvalidIssuer, $"the issuer '{issuer}' is not a DID");
        }
        var primary = issuer.Split('#', 2)[0];
        var afterScheme = primary[4..];
        var separator = afterScheme.IndexOf(':');
        var method = afterScheme[..separator];
        var specificId = afterScheme[(separator + 1)..];
        return method switch
        {
            "jwk" => FromJwk(specificId),
            "web" => new(null, StatusCodes.CawgIcaDidUnavailable,
                $"'{primary}' is a did:web document on a web server, which this validator does not fetch"),
            _ => new(null, StatusCodes.CawgIcaInvalidIssuer, $"DID method '{method}' is not supported (did:jwk and did:web are)"),
        };
    }

    /// <summary>A did:jwk: the method-specific id is the base64url of a JWK, here an Ed25519 OKP key.</summary>
    private static Resolution FromJwk(string encoded)
    {
        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(encoded.TrimEnd('='));
        }
        catch (FormatException)
        {
            return new(null, StatusCodes.CawgIcaInvalidDidDocument, "the did:jwk is not base64url");
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var jwk = document.RootElement;
            if (jwk.ValueKind != JsonValueKind.Object || Text(jwk, "kty") != "OKP" || Text(jwk, "x") is not { } x)
            {
                return new(null, StatusCodes.CawgIcaInvalidDidDocument, "the did:jwk key is not an OKP key with an x coordinate");
            }
            if (Text(jwk, "crv") != "Ed25519")
            {
                return new(null, StatusCodes.CawgIcaInvalidDidDocument, $"unsupported OKP curve '{Text(jwk, "crv")}'");
            }
            return new(Base64Url.DecodeFromChars(x.TrimEnd('=')), null, null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return new(null, StatusCodes.CawgIcaInvalidDidDocument, "the did:jwk does not hold a JSON Web Key: " + e.Message);
        }
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
