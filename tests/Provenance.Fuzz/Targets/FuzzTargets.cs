namespace Provenance.Fuzz.Targets;

/// <summary>Every target, by name: the one list scripts/fuzz.sh, the seeds and FuzzRegressionTests share.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("jpeg", ContainerTargets.Container),
        new("png", ContainerTargets.Container),
        new("webp", ContainerTargets.Container),
        new("decode", ContainerTargets.Decode),
        new("jumbf", C2paTargets.Jumbf),
        new("cbor", C2paTargets.Cbor),
        new("cose", C2paTargets.Cose),
        new("manifest", C2paTargets.Manifest),
        new("x509", CryptoTargets.X509),
        new("timestamp", CryptoTargets.TimeStamp),
        new("xmp", XmpTarget.Xmp),
        new("verify", VerifyTarget.Verify),
        new("audio", AudioTargets.Audio),
        new("bmff", BmffTarget.Bmff),
    ];

    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No fuzz target '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.");
}
