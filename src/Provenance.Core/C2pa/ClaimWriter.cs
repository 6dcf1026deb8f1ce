using System.Formats.Cbor;

namespace Provenance.Core.C2pa;

/// <summary>Encodes a <c>c2pa.claim.v2</c> map.</summary>
internal static class ClaimWriter
{
    public static byte[] EncodeV2(string instanceId, ClaimGeneratorInfo generator, string signatureUrl,
        IReadOnlyList<(string Url, byte[] Hash)> createdAssertions, string? title)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(title is null ? 5 : 6);
        writer.WriteTextString("instanceID");
        writer.WriteTextString(instanceId);
        if (title is not null)
        {
            writer.WriteTextString("dc:title");
            writer.WriteTextString(title);
        }
        writer.WriteTextString("claim_generator_info");
        writer.WriteStartMap(1 + (generator.Version is null ? 0 : 1) + generator.Extra.Count);
        writer.WriteTextString("name");
        writer.WriteTextString(generator.Name);
        if (generator.Version is not null)
        {
            writer.WriteTextString("version");
            writer.WriteTextString(generator.Version);
        }
        foreach (var (key, value) in generator.Extra)
        {
            writer.WriteTextString(key);
            writer.WriteTextString(value);
        }
        writer.WriteEndMap();
        writer.WriteTextString("signature");
        writer.WriteTextString(signatureUrl);
        writer.WriteTextString("created_assertions");
        writer.WriteStartArray(createdAssertions.Count);
        foreach (var (url, hash) in createdAssertions)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("url");
            writer.WriteTextString(url);
            writer.WriteTextString("hash");
            writer.WriteByteString(hash);
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteEndMap();
        return writer.Encode();
    }
}
