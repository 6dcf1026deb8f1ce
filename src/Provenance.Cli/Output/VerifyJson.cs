using System.Text;
using System.Text.Json;
using Provenance.Core.Verification;

namespace Provenance.Cli.Output;

/// <summary>The `verify --json` line format (design.md, CLI): one object per file.</summary>
internal static class VerifyJson
{
    public static string Line(string path, VerificationOutcome outcome)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("verdict", VerdictNames.Of(outcome.Decision.Verdict));
            WriteNullable(json, "aigc_label", outcome.Decision.Label);
            json.WriteStartObject("watermark");
            json.WriteBoolean("detected", outcome.Watermark.Detected);
            WriteNullable(json, "id", outcome.WatermarkId);
            json.WriteBoolean("resolved", outcome.Stored is not null);
            if (outcome.FingerprintMatch is { } match)
            {
                json.WriteBoolean("fingerprint_matches", match.Matches);
            }
            json.WriteEndObject();
            WriteNullable(json, "manifest_id", outcome.Summary?.Label);
            WriteNullable(json, "validation_state", (outcome.Embedded.HasManifest ? outcome.Embedded : outcome.StoredValidation)?.State?.ToString());
            json.WriteStartArray("status_codes");
            foreach (var code in (outcome.Embedded.HasManifest ? outcome.Embedded : outcome.StoredValidation)?.FailureCodes ?? [])
            {
                json.WriteStringValue(code);
            }
            json.WriteEndArray();
            json.WriteString("verdict_reason", outcome.Decision.VerdictReason);
            json.WriteString("aigc_label_reason", outcome.Decision.LabelReason);
            if (outcome.PixelError is { } pixelError)
            {
                json.WriteString("pixel_error", pixelError);
            }
            if (outcome.Embedded.RemoteManifestUrl is { } remote)
            {
                json.WriteString("remote_manifest_url", remote);
            }
            json.WriteString("content_hash", outcome.ContentHash);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Error(string path, string error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("error", error);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}

/// <summary>The verdict names of design.md.</summary>
internal static class VerdictNames
{
    public static string Of(Verdict verdict) => verdict.ToString().ToLowerInvariant();
}
