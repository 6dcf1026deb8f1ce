using System.ComponentModel.DataAnnotations;
using Provenance.Core.Credentials;

namespace ProvenanceService.Options;

/// <summary>
/// The key set the service signs and authenticates with (configuration section "Keys"). By default the files of
/// the example set shipped beside the service binary (keys-example/, made by `provenance keys init`): fine to try
/// the service, never for production — the service logs a warning when it runs on them.
/// </summary>
internal sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>A directory laid out as `provenance keys init` writes it; individual paths below override its files.</summary>
    [Required]
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "keys-example");

    public string? SignerChainPath { get; set; }
    public string? SignerKeyPath { get; set; }
    public string? TrustAnchorsPath { get; set; }
    public string? ApiKeysPath { get; set; }
    public string? WatermarkKeyPath { get; set; }
    public string? RevocationsPath { get; set; }

    /// <summary>When true, Verify requires a platform API key; by default it is open and anonymous calls are allowed.</summary>
    public bool RequirePlatformKey { get; set; }

    public string SignerChain => SignerChainPath ?? InDirectory(KeyDirectory.SignerChainFile);
    public string SignerKey => SignerKeyPath ?? InDirectory(KeyDirectory.SignerKeyFile);
    public string TrustAnchors => TrustAnchorsPath ?? InDirectory(KeyDirectory.TrustAnchorsFile);
    public string ApiKeys => ApiKeysPath ?? InDirectory(KeyDirectory.ApiKeysFile);
    public string WatermarkKey => WatermarkKeyPath ?? InDirectory(KeyDirectory.WatermarkKeyFile);

    /// <summary>The signer revocation list; optional (absent means nothing is revoked).</summary>
    public string Revocations => RevocationsPath ?? InDirectory(KeyDirectory.RevocationsFile);

    /// <summary>True when the configured directory is the shipped example set.</summary>
    public bool IsExampleKeySet =>
        string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory))), "keys-example", StringComparison.Ordinal);

    /// <summary>Every file the service needs, for the start-up check.</summary>
    public IEnumerable<(string Name, string Path)> RequiredFiles()
    {
        yield return ("signer chain", SignerChain);
        yield return ("signer key", SignerKey);
        yield return ("trust anchors", TrustAnchors);
        yield return ("API keys", ApiKeys);
        yield return ("watermark key", WatermarkKey);
    }

    private string InDirectory(string file) => Path.GetFullPath(Path.Combine(Directory, file));
}
