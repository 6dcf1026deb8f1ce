using System.Text.Json;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// The GB 45438-2025 implicit label as a signed assertion. The label is in this service's own namespace (the
/// standard defines the JSON, not a C2PA label). The content is a JSON box holding exactly the JSON that is also
/// written to XMP <c>TC260:AIGC</c>, so that the signed manifest and a plain metadata reader see the same bytes.
/// </summary>
internal static class AigcLabelAssertion
{
    public const string Label = "org.provenance.aigc";

    /// <summary>Checks that <paramref name="json"/> is a JSON object with an "AIGC" object inside; returns the UTF-8 bytes.</summary>
    public static byte[] Encode(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("AIGC", out var aigc) || aigc.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("the AIGC label must be a JSON object with an \"AIGC\" object", nameof(json));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException("the AIGC label is not valid JSON: " + e.Message, nameof(json), e);
        }
        return System.Text.Encoding.UTF8.GetBytes(json);
    }
}
