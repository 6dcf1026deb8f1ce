using System.Formats.Cbor;
using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>Update manifests (c2um) over a signed manifest, as a platform would add one without touching the pixels.</summary>
internal static class UpdateManifests
{
    /// <summary>An update manifest: a parentOf v3 ingredient for <paramref name="parent"/> and a c2pa.opened action on it.</summary>
    public static ManifestComposer Over(C2paSigningCredential credential, ManifestBox parent)
    {
        var update = new ManifestComposer(credential) { ManifestType = JumbfTypeIds.UpdateManifest };
        var parentResult = C2paTestKit.ExampleValidator().ValidateManifestStore(StoreOf(parent));
        var ingredient = AssertionPayload.Cbor(C2paLabels.IngredientV3, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("dc:title");
            w.WriteTextString("the signed original");
            w.WriteTextString("relationship");
            w.WriteTextString("parentOf");
            w.WriteTextString("activeManifest");
            ManifestComposer.HashedUri(w, $"self#jumbf=/c2pa/{parent.Label}", SHA256.HashData(parent.Box.Payload.Span));
            w.WriteTextString("claimSignature");
            ManifestComposer.HashedUri(w, $"self#jumbf=/c2pa/{parent.Label}/c2pa.signature", SHA256.HashData(parent.SignatureBox!.Payload.Span));
            w.WriteTextString("validationResults");
            WriteValidationResults(w, parentResult.ActiveManifest);
        }));
        var opened = AssertionPayload.Cbor(C2paLabels.ActionsV2, ManifestComposer.Cbor(w =>
        {
            w.WriteTextString("actions");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("action");
            w.WriteTextString(C2paActions.Opened);
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("ingredients");
            w.WriteStartArray(1);
            ManifestComposer.HashedUri(w, update.AssertionUrl(C2paLabels.IngredientV3), update.HashOf(ingredient));
            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndMap();
            w.WriteEndArray();
        }));
        update.Assertions.Add(opened);
        update.Assertions.Add(ingredient);
        return update;
    }

    private static byte[] StoreOf(ManifestBox manifest) =>
        new JumbfSuperboxElement(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore, [new JumbfCopiedElement(manifest.Box)]).ToArray();

    private static void WriteValidationResults(CborWriter writer, ValidationStatusSet set)
    {
        writer.WriteStartMap(1);
        writer.WriteTextString("activeManifest");
        writer.WriteStartMap(3);
        foreach (var (name, list) in new[] { ("success", set.Success), ("informational", set.Informational), ("failure", set.Failure) })
        {
            writer.WriteTextString(name);
            writer.WriteStartArray(list.Count);
            foreach (var status in list)
            {
                writer.WriteStartMap(2);
                writer.WriteTextString("code");
                writer.WriteTextString(status.Code);
                writer.WriteTextString("url");
                writer.WriteTextString(status.Url ?? string.Empty);
                writer.WriteEndMap();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
    }

}
