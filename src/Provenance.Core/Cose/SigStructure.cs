using System.Formats.Cbor;

namespace Provenance.Core.Cose;

/// <summary>
/// The "ToBeSigned" bytes of RFC 9052 section 4.4: <c>[context, body_protected, external_aad, payload]</c>. C2PA
/// uses context "Signature1" for claim signatures and "CounterSignature" for the time-stamp message imprint (with
/// the same four elements: c2pa-rs passes no signer-protected bucket).
/// </summary>
internal static class SigStructure
{
    public const string Signature1 = "Signature1";
    public const string CounterSignature = "CounterSignature";

    public static byte[] Build(string context, ReadOnlySpan<byte> bodyProtected, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(bodyProtected);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
