using System.Formats.Cbor;
using Provenance.Core.Cbor;

namespace Provenance.Core.Cose;

/// <summary>
/// The RFC 3161 time-stamp a COSE_Sign1 carries in a <c>sigTst2</c> header (or the deprecated <c>sigTst</c>), as C2PA
/// defines it for claim signatures and the CAWG identity assertion reuses for its credentials: one token in
/// <c>tstTokens</c>, whose message imprint covers the CounterSignature "ToBeSigned" bytes of the signature.
/// </summary>
internal sealed record CoseTimeStampHeader(ReadOnlyMemory<byte> Token, bool IsV2)
{
    /// <summary>
    /// The header's token; null with <paramref name="present"/> false when the message has no time-stamp header, null
    /// with <paramref name="present"/> true when the header does not hold exactly one token.
    /// </summary>
    public static CoseTimeStampHeader? Find(CoseSign1Message message, out bool present)
    {
        var v2 = message.UnprotectedHeaders[CoseHeaderLabels.TimeStampV2] ?? message.ProtectedHeaders[CoseHeaderLabels.TimeStampV2];
        var v1 = message.UnprotectedHeaders[CoseHeaderLabels.TimeStampV1] ?? message.ProtectedHeaders[CoseHeaderLabels.TimeStampV1];
        var container = v2 ?? v1;
        present = container is not null;
        if (container is null || !container.TryGetArray(CoseHeaderLabels.TimeStampTokens, out var tokens) || tokens.Count != 1
            || tokens[0][CoseHeaderLabels.TimeStampTokenValue] is not { Kind: CborKind.ByteString } value)
        {
            return null;
        }
        return new CoseTimeStampHeader(value.Bytes, v2 is not null);
    }

    /// <summary>
    /// The bytes the token's imprint must hash: a v2 time-stamp covers the signature field as its serialized byte
    /// string (head included); a v1 time-stamp covers <paramref name="v1Payload"/> (the claim, or the signed payload).
    /// </summary>
    public byte[] Imprint(CoseSign1Message message, ReadOnlySpan<byte> v1Payload)
    {
        byte[] payload;
        if (IsV2)
        {
            var writer = new CborWriter();
            writer.WriteByteString(message.Signature.Span);
            payload = writer.Encode();
        }
        else
        {
            payload = v1Payload.ToArray();
        }
        return SigStructure.Build(SigStructure.CounterSignature, message.ProtectedBytes.Span, payload);
    }
}
