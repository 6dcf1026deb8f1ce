using System.Text;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Each kind of tampering gives exactly the spec's failure code, and nothing else fails: a changed pixel byte, a
/// changed assertion, a changed claim, a changed signature, manifests swapped between two files, a signer outside
/// the trust list, an expired signer, a signer on the operator's revocation list.
/// </summary>
public class TamperingTests
{
    private static readonly Lazy<C2paSignedAsset> Signed = new(() => C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg")));

    [Fact]
    public void The_untouched_file_is_trusted()
    {
        var result = C2paTestKit.ExampleValidator().Validate(Signed.Value.Bytes);

        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.Empty(result.ActiveManifest.Failure);
    }

    [Fact]
    public void A_byte_changed_in_the_pixel_data_breaks_the_data_hash()
    {
        var tampered = Tamper.PixelByte(Signed.Value.Bytes);

        AssertOnly(tampered, ValidationState.Invalid, StatusCodes.AssertionDataHashMismatch);
    }

    [Fact]
    public void A_byte_changed_in_an_assertion_breaks_its_hashed_uri()
    {
        var tampered = Tamper.AssertionByte(Signed.Value.Bytes);

        AssertOnly(tampered, ValidationState.Invalid, StatusCodes.AssertionHashedUriMismatch);
    }

    [Fact]
    public void A_byte_changed_in_the_claim_breaks_the_signature()
    {
        var tampered = Tamper.ClaimByte(Signed.Value.Bytes);

        AssertOnly(tampered, ValidationState.Invalid, StatusCodes.ClaimSignatureMismatch);
    }

    [Fact]
    public void A_byte_changed_in_the_signature_breaks_the_signature()
    {
        var tampered = Tamper.SignatureByte(Signed.Value.Bytes);

        AssertOnly(tampered, ValidationState.Invalid, StatusCodes.ClaimSignatureMismatch);
    }

    [Fact]
    public void A_manifest_moved_to_another_file_does_not_match_its_bytes()
    {
        var other = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));

        var swapped = Tamper.SwapStore(Signed.Value.Bytes, other.ManifestStore);

        AssertOnly(swapped, ValidationState.Invalid, StatusCodes.AssertionDataHashMismatch);
    }

    [Fact]
    public void A_signer_outside_the_trust_list_is_valid_but_untrusted()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, credential) = C2paTestKit.MakeChain("Unlisted Lab", now.AddDays(-1), now.AddYears(1));
        using (credential)
        {
            var signed = new C2paManifestSigner(credential).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request());

            AssertOnly(signed.Bytes, ValidationState.Valid, StatusCodes.SigningCredentialUntrusted);
        }
    }

    [Fact]
    public void An_expired_signer_is_rejected_even_when_its_root_is_trusted()
    {
        var now = DateTimeOffset.UtcNow;
        var (rootPem, credential) = C2paTestKit.MakeChain("Expired Lab", now.AddYears(-2), now.AddYears(-1));
        using (credential)
        {
            var signed = new C2paManifestSigner(credential).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request());
            var validator = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = rootPem });

            var result = validator.Validate(signed.Bytes);

            Assert.Equal(ValidationState.Invalid, result.State);
            Assert.Equal([StatusCodes.SigningCredentialExpired], result.FailureCodes);
        }
    }

    [Fact]
    public void A_signer_on_the_revocation_list_is_rejected()
    {
        using var credential = C2paTestKit.ExampleCredential();
        var thumbprint = Provenance.Core.Crypto.TrustAnchorSet.Sha256Thumbprint(credential.Certificate).ToLowerInvariant();
        var validator = C2paTestKit.ExampleValidator(revoked: new HashSet<string>([thumbprint]));

        var result = validator.Validate(Signed.Value.Bytes);

        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal([StatusCodes.SigningCredentialOcspRevoked], result.FailureCodes);
    }

    [Fact]
    public void Random_damage_to_signed_parts_is_always_caught_and_never_escapes_as_an_exception()
    {
        var signed = Signed.Value.Bytes;
        var validator = C2paTestKit.ExampleValidator();
        var covered = Tamper.SignedRegions(signed);
        var range = C2paTestKit.StoreRange(signed);
        var random = new Random(4);
        for (var i = 0; i < 300; i++)
        {
            // Inside what a hash or the signature covers: the result must not stay Trusted.
            var (start, length) = covered[random.Next(covered.Count)];
            var copy = (byte[])signed.Clone();
            var at = start + random.Next(length);
            copy[at] = (byte)(copy[at] ^ random.Next(1, 256));
            Assert.NotEqual(ValidationState.Trusted, validator.Validate(copy).State);

            // Anywhere in the store's container bytes (headers, lengths, labels): any result, but no exception.
            var anywhere = (byte[])signed.Clone();
            anywhere[range.Start + random.Next((int)range.Length)] = (byte)random.Next(256);
            validator.Validate(anywhere);
        }
        foreach (var (label, bytes) in Mutations.Truncations(signed))
        {
            try
            {
                validator.Validate(bytes);
            }
            catch (InvalidMediaException e) when (e.Error == MediaError.UnsupportedFormat)
            {
                // Cut inside the signature bytes of the file: not an image any more, a typed refusal.
            }
            catch (Exception e)
            {
                Assert.Fail($"{label}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static void AssertOnly(byte[] asset, ValidationState state, string failure)
    {
        var result = C2paTestKit.ExampleValidator().Validate(asset);

        Assert.Equal(state, result.State);
        Assert.Equal([failure], result.FailureCodes);
    }
}

/// <summary>The tampering operations, shared with the interop tests (which ask c2pa-rs about the same files).</summary>
internal static class Tamper
{
    public static byte[] PixelByte(byte[] signed)
    {
        var copy = (byte[])signed.Clone();
        copy[^200] ^= 0x01; // in the entropy-coded scan, far after the store
        return copy;
    }

    /// <summary>Changes one letter of the digitalSourceType in the actions assertion (the CBOR stays well-formed).</summary>
    public static byte[] AssertionByte(byte[] signed) => ChangeText(signed, "trainedAlgorithmicMedia", 0, (byte)'T');

    /// <summary>Changes one hex digit of the claim's instanceID (only the claim holds "xmp:iid:").</summary>
    public static byte[] ClaimByte(byte[] signed)
    {
        var at = IndexOf(signed, "xmp:iid:"u8) + 8;
        var copy = (byte[])signed.Clone();
        copy[at] = copy[at] == (byte)'a' ? (byte)'b' : (byte)'a';
        return copy;
    }

    public static byte[] SignatureByte(byte[] signed)
    {
        var store = ManifestStore.Parse(AssetHandlers.Detect(signed).ReadManifestStore(signed)!);
        var cose = CoseSign1Message.Decode(store.Active!.SignatureBox!.Children.Single(c => c.Type == BoxType.Cbor).Payload);
        var at = IndexOf(signed, cose.Signature.Span) + 10;
        var copy = (byte[])signed.Clone();
        copy[at] ^= 0x20;
        return copy;
    }

    /// <summary>(offset, length) in the file of every assertion's hashed bytes, the claim, and the signature.</summary>
    public static List<(int Start, int Length)> SignedRegions(byte[] signed)
    {
        var store = ManifestStore.Parse(AssetHandlers.Detect(signed).ReadManifestStore(signed)!);
        var active = store.Active!;
        var parts = active.Assertions.Select(a => a.Payload)
            .Append(active.ClaimBoxes[0].Children.Single(c => c.Type == BoxType.Cbor).Payload)
            .Append(active.SignatureBox!.Children.Single(c => c.Type == BoxType.Cbor).Payload);
        return parts.Select(p => (IndexOf(signed, p.Span), p.Length)).ToList();
    }

    public static byte[] SwapStore(byte[] signed, byte[] foreignStore) => AssetHandlers.Detect(signed).ReplaceManifestStore(signed, foreignStore);

    private static byte[] ChangeText(byte[] signed, string text, int offset, byte value)
    {
        var at = IndexOf(signed, Encoding.ASCII.GetBytes(text)) + offset;
        var copy = (byte[])signed.Clone();
        copy[at] = value;
        return copy;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        return at >= 0 ? at : throw new InvalidOperationException("marker not found in the signed file");
    }
}
