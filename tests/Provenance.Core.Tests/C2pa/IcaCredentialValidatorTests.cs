using System.Buffers.Text;
using System.Formats.Cbor;
using System.Text;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Identity claims aggregation credentials (CAWG identity assertion, sig_type "cawg.identity_claims_aggregation"),
/// built here as an aggregator would issue them: a VC 2.0 naming a did:jwk issuer, signed with Ed25519 in a
/// COSE_Sign1 with content type "application/vc". Each test breaks one thing and expects c2pa-rs's status code for it
/// (the same codes it gives its own ica_validation fixtures).
/// </summary>
public class IcaCredentialValidatorTests
{
    private const string Url = "self#jumbf=/c2pa/test/c2pa.assertions/cawg.identity";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] DataHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private readonly Ed25519PrivateKeyParameters _key;
    private readonly string _issuer;

    public IcaCredentialValidatorTests()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        _key = (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
        var jwk = $$"""{"kty":"OKP","crv":"Ed25519","x":"{{Base64Url.EncodeToString(_key.GeneratePublicKey().GetEncoded())}}"}""";
        _issuer = "did:jwk:" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(jwk));
    }

    [Fact]
    public void A_sound_credential_from_an_unconfigured_aggregator_has_no_failure()
    {
        var log = Validate(Credential());

        Assert.Empty(Failures(log));
        Assert.Contains(log.Entries, e => e.Status.Code == StatusCodes.CawgIcaUntrustedIssuer && e.Kind == StatusKind.Informational);
        Assert.DoesNotContain(log.Entries, e => e.Status.Code == StatusCodes.CawgIcaCredentialValid);
    }

    [Fact]
    public void A_credential_signed_by_another_key_is_a_signature_mismatch()
    {
        var other = new Ed25519PrivateKeyParameters(new SecureRandom());
        Assert.Equal([StatusCodes.CawgIcaSignatureMismatch], Failures(Validate(Sign(Credential(), signingKey: other))));
    }

    [Fact]
    public void Only_EdDSA_is_accepted()
    {
        Assert.Equal([StatusCodes.CawgIcaInvalidAlgorithm], Failures(Validate(Sign(Credential(), algorithm: -7))));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public void The_content_type_must_be_application_vc(string? contentType)
    {
        Assert.Equal([StatusCodes.CawgIcaInvalidContentType], Failures(Validate(Sign(Credential(), contentType: contentType))));
    }

    [Fact]
    public void Bytes_that_are_not_a_COSE_Sign1_are_reported_as_such()
    {
        Assert.Equal([StatusCodes.CawgIcaInvalidCoseSign1], Failures(Validate("not cbor"u8.ToArray())));
    }

    [Fact]
    public void A_credential_without_verified_identities_is_not_a_credential()
    {
        var credential = Credential();
        credential["credentialSubject"]!.AsObject().Remove("verifiedIdentities");
        Assert.Equal([StatusCodes.CawgIcaInvalidCredential], Failures(Validate(credential)));
    }

    [Theory]
    [InlineData("did:web:example.com", StatusCodes.CawgIcaDidUnavailable)]
    [InlineData("did:example:123", StatusCodes.CawgIcaInvalidIssuer)]
    [InlineData("https://issuer.example", StatusCodes.CawgIcaInvalidIssuer)]
    public void Issuers_that_cannot_be_resolved_offline_are_reported(string issuer, string code)
    {
        var credential = Credential();
        credential["issuer"] = issuer;
        Assert.Equal([code], Failures(Validate(credential)));
    }

    [Fact]
    public void ValidFrom_is_required_and_must_have_begun()
    {
        var missing = Credential();
        missing.Remove("validFrom");
        var future = Credential();
        future["validFrom"] = "2027-01-01T00:00:00Z";

        Assert.Equal([StatusCodes.CawgIcaValidFromMissing], Failures(Validate(missing)));
        Assert.Equal([StatusCodes.CawgIcaValidFromInvalid], Failures(Validate(future)));
    }

    [Fact]
    public void An_expired_credential_is_reported()
    {
        var credential = Credential();
        credential["validUntil"] = "2025-01-01T00:00:00Z";
        Assert.Equal([StatusCodes.CawgIcaValidUntilInvalid], Failures(Validate(credential)));
    }

    [Fact]
    public void A_credential_issued_for_other_assertions_does_not_match_the_signer_payload()
    {
        var credential = Credential();
        credential["credentialSubject"]!["c2paAsset"]!["referenced_assertions"]![0]!["hash"] = Convert.ToBase64String(new byte[32]);
        Assert.Equal([StatusCodes.CawgIcaSignerPayloadMismatch], Failures(Validate(credential)));
    }

    private List<string> Failures(StatusLog log) =>
        log.Entries.Where(e => e.Kind == StatusKind.Failure).Select(e => e.Status.Code).ToList();

    private StatusLog Validate(JsonObject credential) => Validate(Sign(credential));

    private static StatusLog Validate(byte[] signature)
    {
        var log = new StatusLog();
        IcaCredentialValidator.Validate(log, Url, SignerPayload(), signature, Now, TrustAnchorSet.Empty);
        return log;
    }

    /// <summary>The assertion's signer_payload: a reference to the hard binding, and the sig_type.</summary>
    private static CborNode SignerPayload()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("referenced_assertions");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("url");
        writer.WriteTextString("self#jumbf=c2pa.assertions/c2pa.hash.data");
        writer.WriteTextString("hash");
        writer.WriteByteString(DataHash);
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteTextString("sig_type");
        writer.WriteTextString(IcaCredentialValidator.SigType);
        writer.WriteEndMap();
        return CborTreeReader.Read(writer.Encode());
    }

    /// <summary>A credential for <see cref="SignerPayload"/>, valid from 2026-01-01, issued by this test's did:jwk.</summary>
    private JsonObject Credential() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://cawg.io/identity/1.1/ica/context/"),
        ["type"] = new JsonArray("VerifiableCredential", "IdentityClaimsAggregationCredential"),
        ["issuer"] = _issuer,
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject
        {
            ["verifiedIdentities"] = new JsonArray(new JsonObject
            {
                ["type"] = "cawg.social_media",
                ["username"] = "someone",
                ["verifiedAt"] = "2026-01-01T00:00:00Z",
                ["provider"] = new JsonObject { ["id"] = "https://social.example", ["name"] = "Example Social" },
            }),
            ["c2paAsset"] = new JsonObject
            {
                // As c2pa-rs writes it: the base64 text's bytes.
                ["referenced_assertions"] = new JsonArray(new JsonObject
                {
                    ["url"] = "self#jumbf=c2pa.assertions/c2pa.hash.data",
                    ["hash"] = new JsonArray(Encoding.ASCII.GetBytes(Convert.ToBase64String(DataHash)).Select(b => (JsonNode)(int)b).ToArray()),
                }),
                ["sig_type"] = IcaCredentialValidator.SigType,
            },
        },
    };

    private byte[] Sign(JsonObject credential, Ed25519PrivateKeyParameters? signingKey = null, long algorithm = -8,
        string? contentType = "application/vc")
    {
        var payload = Encoding.UTF8.GetBytes(credential.ToJsonString());
        var headers = new CborWriter();
        headers.WriteStartMap(contentType is null ? 1 : 2);
        headers.WriteInt64(1);
        headers.WriteInt64(algorithm);
        if (contentType is not null)
        {
            headers.WriteInt64(3);
            headers.WriteTextString(contentType);
        }
        headers.WriteEndMap();
        var protectedBytes = headers.Encode();

        var signer = new Ed25519Signer();
        signer.Init(true, signingKey ?? _key);
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, protectedBytes, payload);
        signer.BlockUpdate(toBeSigned, 0, toBeSigned.Length);
        var signature = signer.GenerateSignature();

        var message = new CborWriter();
        message.WriteTag((CborTag)CoseHeaderLabels.Sign1Tag);
        message.WriteStartArray(4);
        message.WriteByteString(protectedBytes);
        message.WriteStartMap(0);
        message.WriteEndMap();
        message.WriteByteString(payload);
        message.WriteByteString(signature);
        message.WriteEndArray();
        return message.Encode();
    }
}
