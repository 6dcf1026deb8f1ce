using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Crypto;
using Provenance.Core.Jumbf;

namespace Provenance.Fuzz.Targets;

/// <summary>JUMBF, CBOR, COSE_Sign1 and the whole manifest-store validation, each over raw bytes.</summary>
internal static class C2paTargets
{
    private static readonly Lazy<C2paValidator> Validator = new(() =>
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = FuzzKeys.TrustAnchorsPem }));

    public static void Jumbf(byte[] data) => Refusal.Allow<JumbfFormatException>(() =>
    {
        var box = JumbfReader.ReadSuperbox(data);
        _ = box.ToString();
        ManifestStore.Parse(data);
    });

    public static void Cbor(byte[] data) => Refusal.Allow<CborFormatException>(() =>
    {
        var node = CborTreeReader.Read(data);
        using var json = new System.Text.Json.Utf8JsonWriter(Stream.Null);
        CborJson.Write(json, node);
        _ = node.ToString();
    });

    public static void Cose(byte[] data) => Refusal.Allow<CoseFormatException>(() =>
    {
        var message = CoseSign1Message.Decode(data);
        _ = message.AlgorithmId;
        foreach (var certificate in message.ReadCertificateChain())
        {
            using (certificate)
            {
                CertificateProfile.CheckSigner(certificate, CertificateProfile.DefaultClaimSigningEkus);
                CertificateProfile.CheckAuthority(certificate);
            }
        }
    });

    public static void Manifest(byte[] data)
    {
        var result = Validator.Value.ValidateManifestStore(data);
        Refusal.ThrowIfValidationStopped(result);
        _ = result.ToJson();
        _ = result.ManifestStoreJson;
    }
}
