using System.CommandLine;
using Provenance.Cli.Commands;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Tests;

public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "provenance-cli-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Keys_init_writes_a_key_set_and_refuses_to_overwrite_it()
    {
        var root = new RootCommand { KeysCommand.Create() };

        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "init", _directory, "--organisation", "Cli Test"]).InvokeAsync());
        Assert.True(File.Exists(Path.Combine(_directory, KeyDirectory.SignerKeyFile)));
        Assert.Contains("Cli Test", File.ReadAllText(Path.Combine(_directory, KeyDirectory.ApiKeysFile)), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.UsageOrUnreadable, await root.Parse(["keys", "init", _directory]).InvokeAsync());
    }

    [Fact]
    public async Task Keys_revoke_marks_a_generator_key_and_lists_a_signer_certificate()
    {
        var root = new RootCommand { KeysCommand.Create() };
        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "init", _directory]).InvokeAsync());
        var keyFile = Path.Combine(_directory, KeyDirectory.GeneratorApiKeyFile);
        var chain = Path.Combine(_directory, KeyDirectory.SignerChainFile);

        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "revoke", _directory, "--generator-key-file", keyFile, "--reason", "key leaked"]).InvokeAsync());
        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "revoke", _directory, "--signer-cert", chain, "--reason", "HSM lost"]).InvokeAsync());
        // Revoking the same certificate again keeps one entry.
        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "revoke", _directory, "--signer-cert", chain, "--reason", "again"]).InvokeAsync());

        var registry = ClientRegistryDocument.Parse(File.ReadAllText(Path.Combine(_directory, KeyDirectory.ApiKeysFile)));
        Assert.Equal("key leaked", registry.Generators.Single().Revoked?.Reason);
        var revocations = RevocationDocument.Parse(File.ReadAllText(Path.Combine(_directory, KeyDirectory.RevocationsFile)));
        Assert.Equal("HSM lost", revocations.Signers.Single().Reason);

        // An unknown key, or both options at once, is a usage error that changes nothing.
        var stranger = Path.Combine(_directory, "stranger.txt");
        File.WriteAllText(stranger, ApiKey.Generate());
        Assert.Equal(ExitCodes.UsageOrUnreadable, await root.Parse(["keys", "revoke", _directory, "--generator-key-file", stranger, "--reason", "x"]).InvokeAsync());
        Assert.NotEqual(ExitCodes.Success, await root.Parse(["keys", "revoke", _directory, "--generator-key-file", keyFile, "--signer-cert", chain, "--reason", "x"]).InvokeAsync());
    }
}
