using System.Formats.Cbor;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cose;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Builds manifests the production signer never writes (update manifests, broken claims, odd assertion sets) from
/// the same JUMBF, claim and COSE writers, so the validator can be tested on each structure the spec names a code for.
/// </summary>
internal sealed class ManifestComposer(C2paSigningCredential credential)
{
    public string Label { get; } = "urn:c2pa:" + Guid.NewGuid().ToString("D");

    public List<AssertionPayload> Assertions { get; } = [];

    /// <summary>Assertions listed in the claim v2's gathered_assertions instead of created_assertions.</summary>
    public List<AssertionPayload> Gathered { get; } = [];

    /// <summary>Assertion boxes put in the store but not listed in the claim.</summary>
    public List<AssertionPayload> Undeclared { get; } = [];

    /// <summary>Hashed URIs the claim lists beyond the assertions (e.g. to missing boxes).</summary>
    public List<(string Url, byte[] Hash)> ExtraReferences { get; } = [];

    public uint ManifestType { get; init; } = JumbfTypeIds.StandardManifest;

    public string ClaimLabel { get; init; } = C2paLabels.ClaimV2;

    public string? SignatureUrl { get; init; }

    public string? HashAlgorithm { get; init; } = "sha256";

    /// <summary>Replaces the claim's CBOR (then nothing else about the claim applies).</summary>
    public byte[]? ClaimOverride { get; init; }

    public int ClaimCount { get; init; } = 1;

    public string AssertionUrl(string label) => $"self#jumbf=c2pa.assertions/{label}";

    public byte[] HashOf(AssertionPayload assertion) => ManifestStoreWriter.HashOf(assertion.ToElement());

    public JumbfSuperboxElement Build()
    {
        var elements = Assertions.Select(a => a.ToElement()).ToList();
        var references = Assertions.Zip(elements, (a, e) => (AssertionUrl(a.Label), ManifestStoreWriter.HashOf(e))).Concat(ExtraReferences).ToList();
        var gatheredElements = Gathered.Select(a => a.ToElement()).ToList();
        var gathered = Gathered.Zip(gatheredElements, (a, e) => (AssertionUrl(a.Label), ManifestStoreWriter.HashOf(e))).ToList();
        elements.AddRange(gatheredElements);
        var claim = ClaimOverride ?? EncodeClaim(references, gathered);
        var signature = CoseSign1Writer.Sign(credential, claim);
        var claimBoxes = Enumerable.Range(0, ClaimCount)
            .Select(_ => (JumbfElement)new JumbfSuperboxElement(JumbfTypeIds.Claim, ClaimLabel, [new JumbfContentElement(BoxType.Cbor, claim)]));
        return new JumbfSuperboxElement(ManifestType, Label,
        [
            new JumbfSuperboxElement(JumbfTypeIds.AssertionStore, C2paLabels.AssertionStore, [.. elements, .. Undeclared.Select(u => u.ToElement())]),
            .. claimBoxes,
            new JumbfSuperboxElement(JumbfTypeIds.ClaimSignature, C2paLabels.Signature, [new JumbfContentElement(BoxType.Cbor, signature)]),
        ]);
    }

    /// <summary>A store holding <paramref name="earlier"/> manifests (copied byte for byte) and then this one.</summary>
    public byte[] Store(params JumbfBox[] earlier) =>
        new JumbfSuperboxElement(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore, [.. earlier.Select(e => new JumbfCopiedElement(e)), Build()]).ToArray();

    /// <summary>A claim v2, or a claim v1 (claim_generator, one "assertions" list) when <see cref="ClaimLabel"/> says so.</summary>
    private byte[] EncodeClaim(IReadOnlyList<(string Url, byte[] Hash)> references, IReadOnlyList<(string Url, byte[] Hash)> gathered)
    {
        var v1 = ClaimLabel == C2paLabels.ClaimV1;
        var writer = new CborWriter();
        writer.WriteStartMap(null);
        writer.WriteTextString("instanceID");
        writer.WriteTextString("xmp:iid:" + Guid.NewGuid());
        if (v1)
        {
            writer.WriteTextString("claim_generator");
            writer.WriteTextString("manifest composer");
        }
        else
        {
            writer.WriteTextString("claim_generator_info");
            writer.WriteStartMap(1);
            writer.WriteTextString("name");
            writer.WriteTextString("manifest composer");
            writer.WriteEndMap();
        }
        writer.WriteTextString("signature");
        writer.WriteTextString(SignatureUrl ?? $"self#jumbf=/c2pa/{Label}/c2pa.signature");
        WriteList(writer, v1 ? "assertions" : "created_assertions", v1 ? [.. references, .. gathered] : references);
        if (!v1 && gathered.Count > 0)
        {
            WriteList(writer, "gathered_assertions", gathered);
        }
        if (HashAlgorithm is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(HashAlgorithm);
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteList(CborWriter writer, string field, IReadOnlyList<(string Url, byte[] Hash)> references)
    {
        writer.WriteTextString(field);
        writer.WriteStartArray(references.Count);
        foreach (var (url, hash) in references)
        {
            HashedUri(writer, url, hash);
        }
        writer.WriteEndArray();
    }

    /// <summary>CBOR for a map written by <paramref name="write"/> (keys and values in turn).</summary>
    public static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(null);
        write(writer);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static void HashedUri(CborWriter writer, string url, byte[] hash)
    {
        writer.WriteStartMap(2);
        writer.WriteTextString("url");
        writer.WriteTextString(url);
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteEndMap();
    }
}
