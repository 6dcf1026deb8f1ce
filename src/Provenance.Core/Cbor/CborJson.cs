using System.Globalization;
using System.Text.Json;

namespace Provenance.Core.Cbor;

/// <summary>
/// Renders decoded CBOR as JSON for storage and display: byte strings as base64, tag 0 dates as their text, other
/// tags as their content, non-text map keys as their diagnostic text. The mapping is lossy by design (it is for
/// reading, never for re-hashing).
/// </summary>
internal static class CborJson
{
    public static void Write(Utf8JsonWriter writer, CborNode node)
    {
        switch (node.Kind)
        {
            case CborKind.Integer:
                if (node.Integer >= long.MinValue && node.Integer <= long.MaxValue)
                {
                    writer.WriteNumberValue((long)node.Integer);
                }
                else if (node.Integer >= 0 && node.Integer <= ulong.MaxValue)
                {
                    writer.WriteNumberValue((ulong)node.Integer);
                }
                else
                {
                    writer.WriteStringValue(node.Integer.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case CborKind.ByteString:
                writer.WriteBase64StringValue(node.Bytes.Span);
                break;
            case CborKind.TextString:
                writer.WriteStringValue(node.Text);
                break;
            case CborKind.Array:
                writer.WriteStartArray();
                foreach (var item in node.Items)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case CborKind.Map:
                writer.WriteStartObject();
                foreach (var (key, value) in node.Entries)
                {
                    writer.WritePropertyName(key.Kind == CborKind.TextString ? key.Text! : key.ToString());
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case CborKind.Tag:
                Write(writer, node.Tagged!);
                break;
            case CborKind.Boolean:
                writer.WriteBooleanValue(node.Boolean);
                break;
            case CborKind.Float:
                if (double.IsFinite(node.Float))
                {
                    writer.WriteNumberValue(node.Float);
                }
                else
                {
                    writer.WriteNullValue();
                }
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
