using Provenance.Core.Credentials;
using Provenance.Core.Crypto;
using Provenance.Testing;

namespace Provenance.Fuzz.Targets;

/// <summary>The example key set's trust anchors and watermark key, so validation and detection run their full paths.</summary>
internal static class FuzzKeys
{
    public static string TrustAnchorsPem { get; } = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.TrustAnchorsFile));

    public static TrustAnchorSet TrustAnchors { get; } = TrustAnchorSet.FromPem(TrustAnchorsPem);

    public static string WatermarkKeyHex { get; } = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, KeyDirectory.WatermarkKeyFile)).Trim();
}
