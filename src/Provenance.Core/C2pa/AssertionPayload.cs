using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa;

/// <summary>An assertion to be written: its label, its content type (CBOR or JSON) and its encoded content.</summary>
internal sealed record AssertionPayload(string Label, uint ContentType, byte[] Content)
{
    public static AssertionPayload Cbor(string label, byte[] content) => new(label, JumbfTypeIds.CborContent, content);

    public static AssertionPayload Json(string label, byte[] content) => new(label, JumbfTypeIds.JsonContent, content);

    /// <summary>The assertion's superbox: a description typed cbor/json and one content box of the same name.</summary>
    public JumbfSuperboxElement ToElement() =>
        new(ContentType, Label, [new JumbfContentElement(ContentType == JumbfTypeIds.CborContent ? BoxType.Cbor : BoxType.Json, Content)]);
}
