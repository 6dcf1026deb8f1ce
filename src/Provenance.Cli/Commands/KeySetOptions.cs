using System.CommandLine;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Commands;

/// <summary>
/// Where offline verification finds the trust anchors and the watermark key: a key set folder (`--keys`,
/// by default the example set shipped beside this binary), or each file on its own.
/// </summary>
internal sealed class KeySetOptions
{
    public Option<DirectoryInfo> Keys { get; } = new("--keys")
    {
        Description = "Key set folder as 'provenance keys init' writes it (default: the example set shipped with this tool).",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "keys-example")),
    };

    public Option<FileInfo?> Trust { get; } = new("--trust") { Description = "PEM file of trusted C2PA signer anchors (overrides --keys)." };

    public Option<FileInfo?> WatermarkKey { get; } = new("--watermark-key") { Description = "File holding the watermark key in hex (overrides --keys)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Keys);
        command.Options.Add(Trust);
        command.Options.Add(WatermarkKey);
    }

    public string TrustAnchorsPath(ParseResult parse) =>
        parse.GetValue(Trust)?.FullName ?? Path.Combine(parse.GetValue(Keys)!.FullName, KeyDirectory.TrustAnchorsFile);

    /// <summary>The key set's signer revocation list (optional: absent means nothing is revoked).</summary>
    public string RevocationsPath(ParseResult parse) => Path.Combine(parse.GetValue(Keys)!.FullName, KeyDirectory.RevocationsFile);

    public string WatermarkKeyPath(ParseResult parse) =>
        parse.GetValue(WatermarkKey)?.FullName ?? Path.Combine(parse.GetValue(Keys)!.FullName, KeyDirectory.WatermarkKeyFile);
}
