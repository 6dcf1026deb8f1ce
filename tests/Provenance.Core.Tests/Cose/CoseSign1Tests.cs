using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Testing;

namespace Provenance.Core.Tests.Cose;

public class CoseSign1Tests
{
    // The COSE working group's ES256 example key (cose-wg/Examples, sign1-tests, kid "11").
    private const string ExampleX = "usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8";
    private const string ExampleY = "IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4";

    /// <summary>sign-pass-03 (RFC 9052 appendix C.2.1's message without the tag).</summary>
    private const string SignPass03 =
        "8443A10126A10442313154546869732069732074686520636F6E74656E742E5840EAE868ECC176883766C5DC5BA5B8DCA25DAB3C2E56A551CE5705B793914348E19F43D6C6BA654472DA301B645B293C9BA939295B97C4BDB847782BFF384C5794";

    /// <summary>sign-fail-02: the same signature with the payload changed by one byte.</summary>
    private const string SignFail02 =
        "D28443A10126A10442313154546869732069732074686520636F6E74656E742F5840EAE868ECC176883766C5DC5BA5B8DCA25DAB3C2E56A551CE5705B793914348E19F43D6C6BA654472DA301B645B293C9BA939295B97C4BDB847782BFF384C5794";

    private const string SignPass03ToBeSigned = "846A5369676E61747572653143A101264054546869732069732074686520636F6E74656E742E";

    [Fact]
    public void Verifies_the_cose_wg_example_and_builds_its_to_be_signed_bytes()
    {
        var message = CoseSign1Message.Decode(Convert.FromHexString(SignPass03));
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, message.Payload!.Value.Span);

        Assert.Equal(SignPass03ToBeSigned, Convert.ToHexString(toBeSigned));
        Assert.Equal(-7, message.AlgorithmId);
        using var certificate = CertificateFor(ExampleKey());
        Assert.True(CoseSignatureVerifier.Verify(CoseAlgorithm.ES256, certificate, toBeSigned, message.Signature.Span));
    }

    [Fact]
    public void Rejects_the_cose_wg_example_with_a_changed_payload()
    {
        var message = CoseSign1Message.Decode(Convert.FromHexString(SignFail02));
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, message.Payload!.Value.Span);

        using var certificate = CertificateFor(ExampleKey());
        Assert.False(CoseSignatureVerifier.Verify(CoseAlgorithm.ES256, certificate, toBeSigned, message.Signature.Span));
    }

    [Theory]
    [InlineData("es256", CoseAlgorithm.ES256)]
    [InlineData("es384", CoseAlgorithm.ES384)]
    [InlineData("es512", CoseAlgorithm.ES512)]
    [InlineData("ps256", CoseAlgorithm.PS256)]
    [InlineData("ps384", CoseAlgorithm.PS384)]
    [InlineData("ps512", CoseAlgorithm.PS512)]
    public void Signs_detached_claims_that_verify_only_over_the_same_bytes(string certificates, CoseAlgorithm algorithm)
    {
        // c2pa-rs's test chains for each algorithm; the claim signer is checked when built.
        var folder = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
        using var credential = C2paSigningCredential.FromPem(
            File.ReadAllText(Path.Combine(folder, certificates + ".pub")), File.ReadAllText(Path.Combine(folder, certificates + ".pem")), algorithm);
        byte[] claim = "a claim"u8.ToArray();

        var encoded = CoseSign1Writer.Sign(credential, claim);
        var message = CoseSign1Message.Decode(encoded);
        var chain = message.ReadCertificateChain();

        Assert.Equal(CoseSign1Writer.EncodedLength(credential), encoded.Length);
        Assert.Null(message.Payload);
        Assert.Equal((int)algorithm, message.AlgorithmId);
        Assert.Equal(credential.Certificate.Thumbprint, chain[0].Thumbprint);
        using (var signer = message.ReadSignerCertificate())
        {
            Assert.Equal(chain[0].Thumbprint, signer.Thumbprint);
        }
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, claim);
        Assert.True(CoseSignatureVerifier.Verify(algorithm, chain[0], toBeSigned, message.Signature.Span));
        var other = SigStructure.Build(SigStructure.Signature1, message.ProtectedBytes.Span, "another claim"u8);
        Assert.False(CoseSignatureVerifier.Verify(algorithm, chain[0], other, message.Signature.Span));
        var flipped = message.Signature.ToArray();
        flipped[^3] ^= 0x40;
        Assert.False(CoseSignatureVerifier.Verify(algorithm, chain[0], toBeSigned, flipped));
    }

    [Fact]
    public void Refuses_keys_that_do_not_suit_the_algorithm()
    {
        var folder = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
        using var ed25519 = X509CertificateLoader.LoadCertificate(PemToDer(File.ReadAllText(Path.Combine(folder, "ed25519.pub"))));
        using var rsa = X509CertificateLoader.LoadCertificate(PemToDer(File.ReadAllText(Path.Combine(folder, "ps256.pub"))));

        Assert.NotNull(CoseSignatureVerifier.KeyMismatch(CoseAlgorithm.ES256, ed25519));
        Assert.NotNull(CoseSignatureVerifier.KeyMismatch(CoseAlgorithm.Ed25519, rsa));
        Assert.Null(CoseSignatureVerifier.KeyMismatch(CoseAlgorithm.PS384, rsa));
        Assert.False(CoseSignatureVerifier.Verify(CoseAlgorithm.ES256, ed25519, [1], new byte[64]));
    }

    [Theory]
    [InlineData("a0", "not an array of four")] // {}
    [InlineData("d28340a0f6", "not an array of four")] // 18([h'', {}, nil])
    [InlineData("d84084 40a0f640", "not COSE_Sign1")] // tag 64
    [InlineData("844140a0f640", "not a map")] // the protected bucket holds an empty byte string, not a map
    [InlineData("8443a10126a0 01 40", "payload")] // payload is an integer
    public void Refuses_malformed_structures(string hex, string reason)
    {
        var error = Assert.ThrowsAny<CoseFormatException>(() => CoseSign1Message.Decode(Convert.FromHexString(hex.Replace(" ", ""))));
        Assert.Contains(reason, error.Message);
    }

    private static ECDsa ExampleKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url(ExampleX), Y = Base64Url(ExampleY) },
    });

    /// <summary>A certificate carrying <paramref name="publicKey"/>, issued by a throwaway CA (the verifier reads keys from certificates).</summary>
    private static X509Certificate2 CertificateFor(ECDsa publicKey)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=COSE example key"), new PublicKey(publicKey), HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.Create(new X500DistinguishedName("CN=throwaway"), X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddDays(-1), now.AddDays(1), [1]);
    }

    private static byte[] Base64Url(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4));

    private static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
