using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Cbor;

namespace Provenance.Core.Cose;

/// <summary>
/// A COSE_Sign1 structure decoded from untrusted bytes: <c>18([protected bstr, unprotected map, payload, signature])</c>.
/// Nothing is verified here; <see cref="CoseSign1Verifier"/> does that.
/// </summary>
internal sealed class CoseSign1Message
{
    /// <summary>Longer chains than this are refused before any certificate is parsed.</summary>
    public const int MaxChainLength = 16;

    private CoseSign1Message(ReadOnlyMemory<byte> protectedBytes, CborNode protectedHeaders, CborNode unprotectedHeaders, ReadOnlyMemory<byte>? payload, ReadOnlyMemory<byte> signature)
    {
        ProtectedBytes = protectedBytes;
        ProtectedHeaders = protectedHeaders;
        UnprotectedHeaders = unprotectedHeaders;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The serialized protected bucket exactly as it appears (it is signed as these bytes).</summary>
    public ReadOnlyMemory<byte> ProtectedBytes { get; }

    public CborNode ProtectedHeaders { get; }

    public CborNode UnprotectedHeaders { get; }

    /// <summary>The attached payload, or null for detached content (what C2PA uses).</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Decodes a COSE_Sign1 (tagged or not). Throws <see cref="CoseFormatException"/> on a malformed structure.</summary>
    public static CoseSign1Message Decode(ReadOnlyMemory<byte> encoded)
    {
        CborNode root;
        try
        {
            root = CborTreeReader.Read(encoded);
        }
        catch (CborFormatException e)
        {
            throw new CoseFormatException("the signature is not well-formed CBOR: " + e.Message, e);
        }
        if (root.Kind == CborKind.Tag)
        {
            if (root.TagValue != CoseHeaderLabels.Sign1Tag)
            {
                throw new CoseFormatException($"CBOR tag {root.TagValue} is not COSE_Sign1 (18)");
            }
            root = root.Tagged!;
        }
        if (root.Kind != CborKind.Array || root.Items.Count != 4)
        {
            throw new CoseFormatException("COSE_Sign1 is not an array of four elements");
        }
        var (protectedNode, unprotected, payloadNode, signatureNode) = (root.Items[0], root.Items[1], root.Items[2], root.Items[3]);
        if (protectedNode.Kind != CborKind.ByteString || unprotected.Kind != CborKind.Map || signatureNode.Kind != CborKind.ByteString)
        {
            throw new CoseFormatException("COSE_Sign1 elements have the wrong types");
        }
        CborNode protectedHeaders;
        if (protectedNode.Bytes.Length == 0)
        {
            protectedHeaders = CborNode.FromMap([]);
        }
        else
        {
            try
            {
                protectedHeaders = CborTreeReader.Read(protectedNode.Bytes);
            }
            catch (CborFormatException e)
            {
                throw new CoseFormatException("the protected header is not well-formed CBOR: " + e.Message, e);
            }
            if (protectedHeaders.Kind != CborKind.Map)
            {
                throw new CoseFormatException("the protected header is not a map");
            }
        }
        // Typed explicitly: a bare null would convert through byte[] to an empty ReadOnlyMemory, i.e. "attached".
        ReadOnlyMemory<byte>? payload = payloadNode.Kind switch
        {
            CborKind.Null => (ReadOnlyMemory<byte>?)null,
            CborKind.ByteString => payloadNode.Bytes,
            _ => throw new CoseFormatException("the COSE payload is neither nil nor a byte string"),
        };
        return new CoseSign1Message(protectedNode.Bytes, protectedHeaders, unprotected, payload, signatureNode.Bytes);
    }

    /// <summary>The <c>alg</c> value from the protected bucket (C2PA requires it there), or null when absent.</summary>
    public long? AlgorithmId =>
        ProtectedHeaders[CoseHeaderLabels.Algorithm] is { Kind: CborKind.Integer } alg && alg.Integer >= long.MinValue && alg.Integer <= long.MaxValue
            ? (long)alg.Integer
            : null;

    /// <summary>
    /// The certificates of x5chain (leaf first): label 33 preferred over the deprecated text label, protected bucket
    /// preferred over unprotected. Throws when the same label is in both buckets (two credentials) or a certificate
    /// does not parse.
    /// </summary>
    public IReadOnlyList<X509Certificate2> ReadCertificateChain()
    {
        var encoded = EncodedChain();
        var certificates = new List<X509Certificate2>(capacity: Math.Min(encoded.Count, 16));
        foreach (var item in encoded)
        {
            try
            {
                certificates.Add(LoadCertificate(item));
            }
            catch (CoseFormatException)
            {
                certificates.ForEach(c => c.Dispose());
                throw;
            }
        }
        return certificates;
    }

    /// <summary>
    /// The first certificate of x5chain (the signer's), found as <see cref="ReadCertificateChain"/> finds the chain
    /// but without loading the others: describing a signer needs only its own certificate.
    /// </summary>
    public X509Certificate2 ReadSignerCertificate() => LoadCertificate(EncodedChain()[0]);

    /// <summary>The DER bytes of the signer's certificate (<see cref="ReadSignerCertificate"/>'s), not parsed.</summary>
    public ReadOnlyMemory<byte> SignerCertificateBytes() => CertificateBytes(EncodedChain()[0]);

    private IReadOnlyList<CborNode> EncodedChain()
    {
        var node = PickHeader(CoseHeaderLabels.X5Chain) ?? PickHeader(CoseHeaderLabels.X5ChainText)
            ?? throw new CoseFormatException("no x5chain header");
        var encoded = node.Kind switch
        {
            CborKind.ByteString => [node],
            CborKind.Array => node.Items,
            _ => throw new CoseFormatException("x5chain is neither a byte string nor an array"),
        };
        if (encoded.Count is 0 or > MaxChainLength)
        {
            throw new CoseFormatException($"x5chain holds {encoded.Count} certificates (1 to {MaxChainLength} expected)");
        }
        return encoded;
    }

    private static ReadOnlyMemory<byte> CertificateBytes(CborNode item) =>
        item.Kind == CborKind.ByteString ? item.Bytes : throw new CoseFormatException("an x5chain element is not a byte string");

    private static X509Certificate2 LoadCertificate(CborNode item)
    {
        var der = CertificateBytes(item);
        try
        {
            return Crypto.UntrustedCertificate.Load(der.Span);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new CoseFormatException("an x5chain certificate does not parse: " + e.Message, e);
        }
    }

    private CborNode? PickHeader(long label)
    {
        var inProtected = ProtectedHeaders[label];
        var inUnprotected = UnprotectedHeaders[label];
        if (inProtected is not null && inUnprotected is not null)
        {
            throw new CoseFormatException("x5chain appears in both header buckets");
        }
        return inProtected ?? inUnprotected;
    }

    private CborNode? PickHeader(string label)
    {
        var inProtected = ProtectedHeaders[label];
        var inUnprotected = UnprotectedHeaders[label];
        if (inProtected is not null && inUnprotected is not null)
        {
            throw new CoseFormatException("x5chain appears in both header buckets");
        }
        return inProtected ?? inUnprotected;
    }
}
