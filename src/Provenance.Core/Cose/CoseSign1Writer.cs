using System.Formats.Cbor;

namespace Provenance.Core.Cose;

/// <summary>
/// Writes the C2PA claim signature: <c>COSE_Sign1_Tagged</c> with a detached payload (the claim bytes), protected
/// header <c>{1: alg, 33: x5chain}</c> and unprotected header <c>{"pad": h''}</c>. The encoded length depends only on
/// the credential (signatures have a fixed length), so a store can be laid out before the claim is signed.
/// </summary>
internal static class CoseSign1Writer
{
    public static byte[] Sign(C2paSigningCredential credential, ReadOnlySpan<byte> detachedPayload)
    {
        var protectedHeader = EncodeProtectedHeader(credential);
        var toBeSigned = SigStructure.Build(SigStructure.Signature1, protectedHeader, detachedPayload);
        var signature = credential.Sign(toBeSigned);
        return Encode(protectedHeader, signature);
    }

    /// <summary>The length <see cref="Sign"/> will produce for this credential.</summary>
    public static int EncodedLength(C2paSigningCredential credential) =>
        Encode(EncodeProtectedHeader(credential), new byte[credential.SignatureLength]).Length;

    private static byte[] EncodeProtectedHeader(C2paSigningCredential credential)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(2);
        writer.WriteInt64(CoseHeaderLabels.Algorithm);
        writer.WriteInt32((int)credential.Algorithm);
        writer.WriteInt64(CoseHeaderLabels.X5Chain);
        if (credential.Chain.Count == 1)
        {
            writer.WriteByteString(credential.Chain[0].RawData);
        }
        else
        {
            writer.WriteStartArray(credential.Chain.Count);
            foreach (var certificate in credential.Chain)
            {
                writer.WriteByteString(certificate.RawData);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] Encode(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> signature)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteTag((CborTag)CoseHeaderLabels.Sign1Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(1);
        writer.WriteTextString(CoseHeaderLabels.Pad);
        writer.WriteByteString([]);
        writer.WriteEndMap();
        writer.WriteNull();
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
