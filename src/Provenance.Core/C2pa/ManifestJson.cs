using System.Text;
using System.Text.Json;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa;

/// <summary>
/// Renders manifests as JSON for storage and display: the claim's fields, the signer, and every assertion's content
/// (CBOR as JSON, JSON as is, embedded binaries as format and size). It describes what the manifest says; whether it
/// is valid is the validator's business.
/// </summary>
internal static class ManifestJson
{
    public static string Store(ManifestStore store)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("active_manifest", store.Active?.Label);
            writer.WriteStartObject("manifests");
            foreach (var manifest in store.Manifests)
            {
                writer.WritePropertyName(manifest.Label);
                WriteManifest(writer, manifest);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Manifest(ManifestBox manifest)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteManifest(writer, manifest);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteManifest(Utf8JsonWriter writer, ManifestBox manifest)
    {
        writer.WriteStartObject();
        writer.WriteString("label", manifest.Label);
        writer.WriteString("kind", manifest.Kind == ManifestKind.Update ? "update" : "standard");
        Claim? claim = null;
        if (manifest.ClaimBoxes.Count == 1)
        {
            try
            {
                claim = Claim.Parse(manifest.ClaimBoxes[0]);
            }
            catch (ManifestException)
            {
                // Rendered without claim fields; the validator reports why.
            }
        }
        if (claim is not null)
        {
            writer.WriteNumber("claim_version", claim.Version);
            writer.WriteString("instance_id", claim.InstanceId);
            if (claim.Title is not null)
            {
                writer.WriteString("title", claim.Title);
            }
            if (claim.Format is not null)
            {
                writer.WriteString("format", claim.Format);
            }
            if (claim.ClaimGenerator is not null)
            {
                writer.WriteString("claim_generator", claim.ClaimGenerator);
            }
            writer.WritePropertyName("claim_generator_info");
            var info = claim.Node["claim_generator_info"];
            if (info is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                CborJson.Write(writer, info);
            }
        }
        WriteSignatureInfo(writer, manifest);
        writer.WriteStartArray("assertions");
        foreach (var assertion in manifest.Assertions)
        {
            writer.WriteStartObject();
            writer.WriteString("label", assertion.Label);
            writer.WritePropertyName("data");
            WriteAssertionData(writer, assertion);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSignatureInfo(Utf8JsonWriter writer, ManifestBox manifest)
    {
        if (manifest.SignatureBox?.Children.FirstOrDefault(c => c.Type == BoxType.Cbor) is not { } content)
        {
            return;
        }
        try
        {
            var message = CoseSign1Message.Decode(content.Payload);
            var signer = SignerSummary.Of(message);
            writer.WriteStartObject("signature_info");
            writer.WriteString("alg", message.AlgorithmId is { } id && CoseAlgorithms.FromId(id) is { } alg ? alg.ToString() : null);
            writer.WriteString("common_name", signer.CommonName);
            writer.WriteString("organization", signer.Organization);
            writer.WriteString("issuer", signer.Issuer);
            writer.WriteString("cert_serial_number", signer.SerialNumber);
            writer.WriteEndObject();
        }
        catch (CoseFormatException)
        {
            // No signer to describe.
        }
    }

    private static void WriteAssertionData(Utf8JsonWriter writer, JumbfBox assertion)
    {
        var content = assertion.Children.FirstOrDefault(c => !c.IsSuperbox);
        switch (content?.Type)
        {
            case BoxType.Cbor:
                try
                {
                    CborJson.Write(writer, CborTreeReader.Read(content.Payload));
                }
                catch (CborFormatException)
                {
                    writer.WriteNullValue();
                }
                return;
            case BoxType.Json:
                try
                {
                    using var document = JsonDocument.Parse(content.Payload);
                    document.RootElement.WriteTo(writer);
                }
                catch (JsonException)
                {
                    writer.WriteNullValue();
                }
                return;
            default:
                writer.WriteStartObject();
                var description = assertion.Children.FirstOrDefault(c => c.Type == BoxType.EmbeddedFileDescription);
                var data = assertion.Children.FirstOrDefault(c => c.Type == BoxType.BinaryData);
                if (description is not null && description.Payload.Length > 1)
                {
                    // bfdb: a toggles byte, then the null-terminated media type.
                    var type = description.Payload.Span[1..];
                    var end = type.IndexOf((byte)0);
                    writer.WriteString("format", Encoding.UTF8.GetString(end < 0 ? type : type[..end]));
                }
                writer.WriteNumber("size", data?.Payload.Length ?? 0);
                writer.WriteEndObject();
                return;
        }
    }
}
