using System.Text.Json;

namespace Provenance.Core.Labeling;

/// <summary>
/// The implicit label of GB 45438-2025 (annex): a JSON object <c>{"AIGC": {...}}</c> whose fields are all strings.
/// Label "1" = AI-generated, "2" = possibly AI-generated, "3" = suspected AI-generated. The producer fields are
/// written by the generator's provider (here: Sign), the propagator fields by a distributing platform.
/// </summary>
public sealed record AigcLabel
{
    /// <summary>Upper bound on the JSON we parse from untrusted metadata; real labels are a few hundred bytes.</summary>
    public const int MaxJsonBytes = 16 * 1024;

    public const string AiGenerated = "1";
    public const string PossiblyAiGenerated = "2";
    public const string SuspectedAiGenerated = "3";

    public required string Label { get; init; }
    public string ContentProducer { get; init; } = "";
    public string ProduceId { get; init; } = "";
    public string ReservedCode1 { get; init; } = "";
    public string ContentPropagator { get; init; } = "";
    public string PropagateId { get; init; } = "";
    public string ReservedCode2 { get; init; } = "";

    /// <summary>True when the label declares AI generation in any degree ("1", "2" or "3").</summary>
    public bool DeclaresAi => Label is AiGenerated or PossiblyAiGenerated or SuspectedAiGenerated;

    /// <summary>The annex's JSON, compact, field names as the standard spells them.</summary>
    public string ToJson()
    {
        // A writer rather than a JsonObject: the same text (default encoder, fields in order) without a tree of
        // nodes, which cost Sign about 0.1 ms a call (twice per file).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("AIGC");
            writer.WriteString("Label", Label);
            writer.WriteString("ContentProducer", ContentProducer);
            writer.WriteString("ProduceID", ProduceId);
            writer.WriteString("ReservedCode1", ReservedCode1);
            writer.WriteString("ContentPropagator", ContentPropagator);
            writer.WriteString("PropagateID", PropagateId);
            writer.WriteString("ReservedCode2", ReservedCode2);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Parses a label from untrusted metadata. Returns null when the text is not a label (not JSON, no "AIGC"
    /// object, a non-string field, too large or too deep); never throws for bad input.
    /// </summary>
    public static AigcLabel? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || System.Text.Encoding.UTF8.GetByteCount(json) > MaxJsonBytes)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("AIGC", out var fields) ||
                fields.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            string? Field(string name) =>
                fields.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : null : "";
            var label = Field("Label");
            if (string.IsNullOrEmpty(label))
            {
                return null;
            }
            string?[] rest = [Field("ContentProducer"), Field("ProduceID"), Field("ReservedCode1"), Field("ContentPropagator"),
                Field("PropagateID"), Field("ReservedCode2")];
            if (rest.Any(v => v is null))
            {
                return null; // a field of the wrong type: not a well-formed label
            }
            return new AigcLabel
            {
                Label = label,
                ContentProducer = rest[0]!,
                ProduceId = rest[1]!,
                ReservedCode1 = rest[2]!,
                ContentPropagator = rest[3]!,
                PropagateId = rest[4]!,
                ReservedCode2 = rest[5]!,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
